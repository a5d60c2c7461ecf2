package io.chektbridge.contactid;

/**
 * Parses the textual forms of Contact ID a bridge meets. Strict: every field is checked and a
 * refusal names what was wrong ({@link ContactIdParseException#error()}); nothing but a {@link
 * ContactIdParseException} leaves these methods for any input. Spaces between the digits of the
 * DTMF and ADM-CID forms are allowed; nothing else is skipped.
 *
 * <p>No regular expressions and no exceptions on the valid path, and no allocation beyond a small
 * scratch array, the account string and the result: the serial reader and the DC-09 receiver call
 * this once per message.
 */
public final class ContactIdParser {
  /** DC4, which ends a Sur-Gard automation line. */
  public static final char DC4 = 0x14;

  static final int DTMF_DIGITS = 16;
  static final int DTMF_ACCOUNT = 4;
  static final int EVENT_DIGITS = 9;

  private ContactIdParser() {}

  /** The 16-digit DTMF form {@code ACCT MT Q XYZ GG CCC S}, check digit verified. */
  public static ContactIdMessage parse(CharSequence text) throws ContactIdParseException {
    return dtmf(text, 0, text.length(), true);
  }

  /** The 15-digit form {@code ACCT MT Q XYZ GG CCC}, without its check digit. */
  public static ContactIdMessage parseWithoutChecksum(CharSequence text)
      throws ContactIdParseException {
    return dtmf(text, 0, text.length(), false);
  }

  /**
   * The payload of a DC-09 {@code ADM-CID} data block, {@code QXYZ GG CCC} (spaces optional); the
   * account comes from the frame and the message type is 18.
   */
  public static ContactIdMessage parseAdmCidPayload(String account, CharSequence payload)
      throws ContactIdParseException {
    if (!ContactIdMessage.isHexAccount(account)) {
      throw new ContactIdParseException(
          ContactIdError.NON_DIGIT,
          "account '" + printable(account) + "' is not 1-16 hex characters");
    }
    char[] d = compact(payload, 0, payload.length(), EVENT_DIGITS);
    return event(account, 18, qualifierDigit(d[0]), d, 1);
  }

  /**
   * A DC-09 style data block {@code #ACCT|QXYZ GG CCC}, as some communicators print it on a serial
   * port and as it sits inside an ADM-CID frame; the {@code #} is optional, as several brands leave
   * it out ({@code 10064|1602 00 000}).
   */
  public static ContactIdMessage parseAdmCidBlock(CharSequence text)
      throws ContactIdParseException {
    int end = text.length();
    int from = end > 0 && text.charAt(0) == '#' ? 1 : 0;
    int bar = indexOfBar(text, from, end);
    if (bar <= from) {
      throw new ContactIdParseException(ContactIdError.MALFORMED, "expected [#]ACCT|QXYZ GG CCC");
    }
    return parseAdmCidPayload(
        text.subSequence(from, bar).toString(), text.subSequence(bar + 1, end));
  }

  private static int indexOfBar(CharSequence text, int from, int end) {
    for (int i = from; i < end; i++) {
      if (text.charAt(i) == '|') {
        return i;
      }
    }
    return -1;
  }

  /**
   * A central-station receiver's automation line for a Contact ID event: Sur-Gard {@code 5RRLLL
   * 18AAAAQXYZGGCCC}, {@code 5RRL 18AAAAQXYZGGCCC} (MLR2) or {@code QRRLLL 58AAAAAAAAAAQXYZGGCCC}
   * (10-digit account), Q as the letter E, R or P, ended by DC4; see {@link SurGardLine}. The
   * receiver's heartbeat line is refused as {@link ContactIdError#RECEIVER_HEARTBEAT} so the caller
   * can tell it from noise.
   */
  public static ContactIdMessage parseReceiverLine(CharSequence text)
      throws ContactIdParseException {
    int start = skipFramingForward(text, 0, text.length());
    int end = skipFramingBackward(text, start, text.length());
    return SurGardLine.parse(text, start, end);
  }

  /**
   * Whichever line form this is: the 16-digit form, the 15-digit form, a receiver automation line
   * (including its heartbeat), or an {@code [#]ACCT|QXYZ GG CCC} block. CR, LF, DC4 and NUL around
   * the line are ignored. What the serial reader calls on each line.
   */
  public static ContactIdMessage parseAny(CharSequence text) throws ContactIdParseException {
    int start = skipFramingForward(text, 0, text.length());
    int end = skipFramingBackward(text, start, text.length());
    if (start < end && (text.charAt(start) == '#' || indexOfBar(text, start, end) >= 0)) {
      return parseAdmCidBlock(text.subSequence(start, end));
    }
    int digits = 0;
    for (int i = start; i < end; i++) {
      digits += text.charAt(i) == ' ' ? 0 : 1;
    }
    if (digits == DTMF_DIGITS || digits == DTMF_DIGITS - 1) {
      return dtmf(text, start, end, digits == DTMF_DIGITS);
    }
    if (SurGardLine.mayBe(text, start, end)) {
      return SurGardLine.parse(text, start, end);
    }
    throw new ContactIdParseException(
        ContactIdError.WRONG_LENGTH,
        "a line of "
            + digits
            + " characters is none of: 16 or 15 Contact ID digits, a receiver line, [#]ACCT|QXYZ GG CCC");
  }

  private static ContactIdMessage dtmf(CharSequence text, int start, int end, boolean withChecksum)
      throws ContactIdParseException {
    int length = withChecksum ? DTMF_DIGITS : DTMF_DIGITS - 1;
    char[] d = compact(text, start, end, length);
    String account = account(d, 0, DTMF_ACCOUNT);
    int mt = messageType(d, DTMF_ACCOUNT);
    ContactIdMessage message =
        event(account, mt, qualifierDigit(d[DTMF_ACCOUNT + 2]), d, DTMF_ACCOUNT + 3);
    if (withChecksum) {
      verifyChecksum(d);
    }
    return message;
  }

  private static void verifyChecksum(char[] d) throws ContactIdParseException {
    int sum = 0;
    for (char c : d) {
      int weight = ContactIdChecksum.weight(c);
      if (weight < 0) {
        throw new ContactIdParseException(
            ContactIdError.NON_DIGIT, "check digit '" + printable(c) + "' is not 0-9 or A-F");
      }
      sum += weight;
    }
    if (sum % 15 != 0) {
      throw new ContactIdParseException(
          ContactIdError.BAD_CHECKSUM,
          "check digit "
              + d[d.length - 1]
              + " does not match: the digit sum "
              + sum
              + " is not a multiple of 15 (expected "
              + ContactIdChecksum.digitFor(sum - ContactIdChecksum.weight(d[d.length - 1]))
              + ")");
    }
  }

  /** The non-space characters of text[start, end), refusing any count but {@code expected}. */
  private static char[] compact(CharSequence text, int start, int end, int expected)
      throws ContactIdParseException {
    char[] out = new char[expected];
    int n = 0;
    for (int i = start; i < end; i++) {
      char c = text.charAt(i);
      if (c != ' ') {
        if (n < expected) {
          out[n] = c;
        }
        n++;
      }
    }
    if (n != expected) {
      throw new ContactIdParseException(
          ContactIdError.WRONG_LENGTH, "expected " + expected + " digits, got " + n);
    }
    return out;
  }

  /** An account of 0-9 and B-F (the DTMF alphabet), upper-cased. */
  static String account(char[] d, int from, int length) throws ContactIdParseException {
    for (int i = from; i < from + length; i++) {
      char c = d[i];
      if (c >= 'b' && c <= 'f') {
        d[i] = (char) (c - 'a' + 'A');
      } else if (!(c >= '0' && c <= '9') && !(c >= 'B' && c <= 'F')) {
        throw new ContactIdParseException(
            ContactIdError.NON_DIGIT, "account character '" + printable(c) + "' is not 0-9 or B-F");
      }
    }
    return new String(d, from, length);
  }

  static int messageType(char[] d, int at) throws ContactIdParseException {
    int mt = decimal(d, at, 2, "message type");
    if (mt != 18 && mt != 98) {
      throw new ContactIdParseException(
          ContactIdError.BAD_MESSAGE_TYPE,
          "message type " + new String(d, at, 2) + " is not 18 or 98");
    }
    return mt;
  }

  private static ContactIdQualifier qualifierDigit(char c) throws ContactIdParseException {
    ContactIdQualifier q = ContactIdQualifier.ofDigit(c);
    if (q == null) {
      throw new ContactIdParseException(
          ContactIdError.BAD_QUALIFIER,
          "qualifier '"
              + printable(c)
              + "' is not 1 (new event/opening), 3 (restore/closing) or 6 (still present)");
    }
    return q;
  }

  /** XYZ GG CCC starting at {@code at}, after a qualifier already decoded. */
  static ContactIdMessage event(String account, int mt, ContactIdQualifier q, char[] d, int at)
      throws ContactIdParseException {
    int code = eventCode(d, at);
    int group = decimal(d, at + 3, 2, "partition");
    int number = decimal(d, at + 5, 3, "zone/user");
    return new ContactIdMessage(account, mt, q, code, group, number);
  }

  /**
   * XYZ: decimal, or with DTMF digits B-F kept in the hex form {@link ContactIdMessage} documents.
   */
  private static int eventCode(char[] d, int at) throws ContactIdParseException {
    int decimal = 0;
    int hex = 0;
    boolean hasHex = false;
    for (int i = at; i < at + 3; i++) {
      char c = d[i];
      int digit;
      if (c >= '0' && c <= '9') {
        digit = c - '0';
      } else if (c >= 'B' && c <= 'F') {
        digit = c - 'A' + 10;
      } else if (c >= 'b' && c <= 'f') {
        digit = c - 'a' + 10;
      } else {
        throw new ContactIdParseException(
            ContactIdError.NON_DIGIT,
            "event code character '" + printable(c) + "' is not 0-9 or B-F");
      }
      hasHex |= digit > 9;
      decimal = decimal * 10 + digit;
      hex = hex * 16 + digit;
    }
    return hasHex ? ContactIdMessage.HEX_CODE_BASE + hex : decimal;
  }

  static int decimal(char[] d, int from, int length, String field) throws ContactIdParseException {
    int value = 0;
    for (int i = from; i < from + length; i++) {
      char c = d[i];
      if (c < '0' || c > '9') {
        throw new ContactIdParseException(
            ContactIdError.NON_DIGIT,
            field + " character '" + printable(c) + "' is not a decimal digit");
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static boolean isFraming(char c) {
    return c == '\r' || c == '\n' || c == DC4 || c == 0;
  }

  private static int skipFramingForward(CharSequence text, int start, int end) {
    while (start < end && isFraming(text.charAt(start))) {
      start++;
    }
    return start;
  }

  private static int skipFramingBackward(CharSequence text, int start, int end) {
    while (end > start && isFraming(text.charAt(end - 1))) {
      end--;
    }
    return end;
  }

  /** A character as a log line can show it: control and non-ASCII characters escaped. */
  static String printable(char c) {
    return c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c);
  }

  private static String printable(CharSequence s) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length() && i < 40; i++) {
      out.append(printable(s.charAt(i)));
    }
    return out.toString();
  }
}
