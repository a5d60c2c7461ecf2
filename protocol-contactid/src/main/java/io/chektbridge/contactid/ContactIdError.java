package io.chektbridge.contactid;

/** Why a Contact ID input was refused; {@link #code()} is stable for logs, JSON and metrics. */
public enum ContactIdError {
  /** The digit sum of a 16-digit message is not a multiple of 15. */
  BAD_CHECKSUM("bad_checksum"),
  /** Too few or too many digits for the form. */
  WRONG_LENGTH("wrong_length"),
  /**
   * A character that may not stand in that field (a letter in the event code, B-F only in the
   * account...).
   */
  NON_DIGIT("non_digit"),
  /** Q is not 1/3/6 (or E/R/P on a receiver line). */
  BAD_QUALIFIER("bad_qualifier"),
  /** MT is not 18 or 98 (58 on a 10-digit-account receiver line). */
  BAD_MESSAGE_TYPE("bad_message_type"),
  /**
   * The receiver's supervisory heartbeat ({@code 1RR000 ... @}), not an event: the automation
   * acknowledges it like any line and treats it as "receiver link alive".
   */
  RECEIVER_HEARTBEAT("receiver_heartbeat"),
  /**
   * Not any Contact ID form: a receiver line of another protocol, or layout the parser cannot
   * place.
   */
  MALFORMED("malformed");

  private final String code;

  ContactIdError(String code) {
    this.code = code;
  }

  /** snake_case, e.g. {@code bad_checksum}. */
  public String code() {
    return code;
  }
}
