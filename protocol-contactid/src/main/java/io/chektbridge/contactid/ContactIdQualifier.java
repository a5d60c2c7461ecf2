package io.chektbridge.contactid;

/** The Contact ID event qualifier Q. */
public enum ContactIdQualifier {
  /** 1: new event, or an opening (disarm). */
  NEW_EVENT(1, 'E'),
  /** 3: restore, or a closing (arm). */
  RESTORE(3, 'R'),
  /** 6: previously reported condition still present (status report). */
  STATUS(6, 'P');

  private final int digit;
  private final char letter;

  ContactIdQualifier(int digit, char letter) {
    this.digit = digit;
    this.letter = letter;
  }

  /** The digit on the wire: 1, 3 or 6. */
  public int digit() {
    return digit;
  }

  /** The letter of "E130" / "R401" notation. */
  public char letter() {
    return letter;
  }

  /** The qualifier for a wire digit, or null when it is none of 1, 3, 6. */
  public static ContactIdQualifier ofDigit(char c) {
    return switch (c) {
      case '1' -> NEW_EVENT;
      case '3' -> RESTORE;
      case '6' -> STATUS;
      default -> null;
    };
  }

  /**
   * The qualifier for a letter as receivers print it (E, R, P), or null for any other character.
   */
  public static ContactIdQualifier ofLetter(char c) {
    return switch (c) {
      case 'E' -> NEW_EVENT;
      case 'R' -> RESTORE;
      case 'P' -> STATUS;
      default -> null;
    };
  }
}
