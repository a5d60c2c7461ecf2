package io.chektbridge.contactid;

/** Why a Contact ID message was refused; {@link #code()} is stable for logs, JSON and metrics. */
public enum ContactIdError {
  BAD_CHECKSUM("bad_checksum"),
  WRONG_LENGTH("wrong_length"),
  NON_DIGIT("non_digit"),
  BAD_QUALIFIER("bad_qualifier"),
  BAD_MESSAGE_TYPE("bad_message_type"),
  MALFORMED("malformed");

  private final String code;

  ContactIdError(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }
}
