package io.chektbridge.contactid;

/**
 * A Contact ID input that is not a valid message. Carries no stack trace: serial links meet line
 * noise often, and refusing it must stay as cheap as parsing.
 */
public final class ContactIdParseException extends Exception {
  private final ContactIdError error;

  public ContactIdParseException(ContactIdError error, String message) {
    super(message, null, false, false);
    this.error = error;
  }

  public ContactIdError error() {
    return error;
  }
}
