package io.chektbridge.contactid;

/**
 * Parses the textual forms of Contact ID a bridge meets. Strict: every field is checked and a
 * refusal names what was wrong. Spaces between fields are allowed; nothing else is skipped.
 * No regular expressions or allocation beyond the result on the valid path: the serial reader and
 * the DC-09 receiver call this per message.
 */
public final class ContactIdParser {
  /** DC4, which ends a Sur-Gard / "685" automation line. */
  public static final char DC4 = 0x14;
  private static final int FULL = 16;

  private ContactIdParser() {
  }

  /** The 16-digit DTMF form {@code ACCT MT Q XYZ GG CCC S}, checksum verified. */
  public static ContactIdMessage parse(CharSequence text) throws ContactIdParseException {
    char[] d = compact(text, FULL);
    ContactIdMessage message = fields(d, 0, 4);
    int sum = 0;
    for (char c : d) {
      sum += checksumValue(c);
    }
    if (sum % 15 != 0) {
      throw new ContactIdParseException(ContactIdError.BAD_CHECKSUM,
          "checksum digit " + d[15] + " does not match (digit sum " + sum + " is not a multiple of 15)");
    }
    return message;
  }

  /** The 15-digit form without its check digit. */
  public static ContactIdMessage parseWithoutChecksum(CharSequence text) throws ContactIdParseException {
    return fields(compact(text, FULL - 1), 0, 4);
  }

  /**
   * The payload of a DC-09 {@code ADM-CID} data block, {@code QXYZ GG CCC} (spaces optional); the
   * account comes from the frame and the message type is 18.
   */
  public static ContactIdMessage parseAdmCidPayload(String account, CharSequence payload)
      throws ContactIdParseException {
    char[] d = compact(payload, 9);
    return event(account, 18, d, 0);
  }

  /**
   * A central-station receiver's automation line for a Contact ID event, Sur-Gard MLR2 / "685"
   * style: {@code 5RRLLL 18AAAAQXYZGGCCC} followed by DC4 (optional here). The receiver and line
   * numbers are not part of the event and are dropped.
   */
  public static ContactIdMessage parseReceiverLine(CharSequence text) throws ContactIdParseException {
    int end = text.length();
    while (end > 0 && (text.charAt(end - 1) == DC4 || text.charAt(end - 1) == '\r' || text.charAt(end - 1) == '\n')) {
      end--;
    }
    if (end < 8 || text.charAt(0) != '5' || text.charAt(6) != ' ') {
      throw new ContactIdParseException(ContactIdError.MALFORMED,
          "not a receiver line: expected 5RRLLL, a space, then 18AAAAQXYZGGCCC");
    }
    int start = 7;
    while (start < end && text.charAt(start) == ' ') {
      start++;
    }
    int accountLength = end - start - 2 - 9;
    if (accountLength < 3 || accountLength > 10) {
      throw new ContactIdParseException(ContactIdError.WRONG_LENGTH,
          "receiver line event part has " + (end - start) + " characters; expected 18 + account + 9 digits");
    }
    char[] d = new char[end - start];
    for (int i = 0; i < d.length; i++) {
      d[i] = Character.toUpperCase(text.charAt(start + i));
    }
    int mt = messageType(d, 0);
    String account = account(d, 2, accountLength);
    return event(account, mt, d, 2 + accountLength);
  }

  /**
   * Whichever line form this is: a receiver automation line, the 16-digit form, or the 15-digit
   * form without checksum. What the serial reader uses on each line.
   */
  public static ContactIdMessage parseAny(CharSequence text) throws ContactIdParseException {
    if (text.length() > 7 && text.charAt(0) == '5' && text.charAt(6) == ' ') {
      return parseReceiverLine(text);
    }
    int digits = 0;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) != ' ') {
        digits++;
      }
    }
    return digits == FULL - 1 ? parseWithoutChecksum(text) : parse(text);
  }

  /** The digits without spaces, upper-cased, refusing any other length. */
  private static char[] compact(CharSequence text, int expected) throws ContactIdParseException {
    char[] out = new char[expected];
    int n = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == ' ') {
        continue;
      }
      if (n == expected) {
        throw wrongLength(text, expected);
      }
      out[n++] = Character.toUpperCase(c);
    }
    if (n != expected) {
      throw wrongLength(text, expected);
    }
    return out;
  }

  private static ContactIdParseException wrongLength(CharSequence text, int expected) {
    int n = 0;
    for (int i = 0; i < text.length(); i++) {
      n += text.charAt(i) == ' ' ? 0 : 1;
    }
    return new ContactIdParseException(ContactIdError.WRONG_LENGTH,
        "expected " + expected + " digits, got " + n);
  }

  /** ACCT MT then the event, from a compact array. */
  private static ContactIdMessage fields(char[] d, int from, int accountLength) throws ContactIdParseException {
    String account = account(d, from, accountLength);
    int mt = messageType(d, from + accountLength);
    return event(account, mt, d, from + accountLength + 2);
  }

  private static String account(char[] d, int from, int length) throws ContactIdParseException {
    for (int i = from; i < from + length; i++) {
      char c = d[i];
      if (!(c >= '0' && c <= '9') && !(c >= 'B' && c <= 'F')) {
        throw new ContactIdParseException(ContactIdError.NON_DIGIT,
            "account character '" + printable(c) + "' is not 0-9 or B-F");
      }
    }
    return new String(d, from, length);
  }

  private static int messageType(char[] d, int at) throws ContactIdParseException {
    int mt = decimal(d, at, 2, "message type");
    if (mt != 18 && mt != 98) {
      throw new ContactIdParseException(ContactIdError.BAD_MESSAGE_TYPE,
          "message type " + new String(d, at, 2) + " is not 18 or 98");
    }
    return mt;
  }

  /** Q XYZ GG CCC starting at {@code at}. */
  private static ContactIdMessage event(String account, int mt, char[] d, int at) throws ContactIdParseException {
    ContactIdQualifier q = ContactIdQualifier.ofDigit(d[at]);
    if (q == null) {
      throw new ContactIdParseException(ContactIdError.BAD_QUALIFIER,
          "qualifier '" + printable(d[at]) + "' is not 1 (event), 3 (restore) or 6 (status)");
    }
    int code = decimal(d, at + 1, 3, "event code");
    int group = decimal(d, at + 4, 2, "partition");
    int number = decimal(d, at + 6, 3, "zone/user");
    return new ContactIdMessage(account, mt, q, code, group, number);
  }

  private static int decimal(char[] d, int from, int length, String field) throws ContactIdParseException {
    int value = 0;
    for (int i = from; i < from + length; i++) {
      char c = d[i];
      if (c < '0' || c > '9') {
        throw new ContactIdParseException(ContactIdError.NON_DIGIT,
            field + " character '" + printable(c) + "' is not a digit");
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  /** Digit weight in the checksum: 0 and A count 10, B-F 11-15, others their face value; -1 if none. */
  static int checksumValue(char c) throws ContactIdParseException {
    if (c >= '1' && c <= '9') {
      return c - '0';
    }
    if (c == '0' || c == 'A') {
      return 10;
    }
    if (c >= 'B' && c <= 'F') {
      return c - 'A' + 10;
    }
    throw new ContactIdParseException(ContactIdError.NON_DIGIT, "'" + printable(c) + "' is not a Contact ID digit");
  }

  private static String printable(char c) {
    return c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c);
  }
}
