package io.chektbridge.contactid;

/**
 * The Contact ID lines of the Sur-Gard automation output (the serial/TCP protocol most
 * central-station software and receiver emulators speak), after the SG Automation Output Protocol
 * and the MLR2 installation manual:
 *
 * <pre>
 *   5RRLLL 18AAAAQXYZGGCCC[DC4]              protocol 5, 4-digit account, MT 18 or 98
 *   5RRL 18AAAAQXYZGGCCC[DC4]                the same from an MLR2 with a 1-digit line number
 *   QRRLLL 58AAAAAAAAAAQXYZGGCCC[DC4]        protocol Q, 10-digit account ("58")
 *   ...GGCCCHH:MM:SS-dd/mm[DC4]              any of them with the receiver's clock appended
 *   1RR000           @    [DC4]              supervisory heartbeat (not an event)
 * </pre>
 *
 * RR and L/LLL are the receiver's own virtual numbers (hex), Q the letter E (new event or opening),
 * R (restore or closing) or P (previous event still present). The receiver numbers and the clock
 * are not part of the event and are dropped: the bridge stamps its own time.
 */
final class SurGardLine {
  private static final int CLOCK_LENGTH = "HH:MM:SS-dd/mm".length();
  private static final int SHORT_ACCOUNT = 4;
  private static final int LONG_ACCOUNT = 10;

  private SurGardLine() {}

  /** Whether text[start, end) opens like a receiver line this class should judge. */
  static boolean mayBe(CharSequence t, int start, int end) {
    if (end - start < 5) {
      return false;
    }
    char p = t.charAt(start);
    return p == '5' || p == 'Q' || (p == '1' && isHeartbeat(t, start, end));
  }

  static ContactIdMessage parse(CharSequence t, int start, int end) throws ContactIdParseException {
    if (isHeartbeat(t, start, end)) {
      throw new ContactIdParseException(
          ContactIdError.RECEIVER_HEARTBEAT, "receiver heartbeat (link supervision)");
    }
    char protocol = start < end ? t.charAt(start) : ' ';
    if (protocol != '5' && protocol != 'Q') {
      throw new ContactIdParseException(
          ContactIdError.MALFORMED,
          "receiver line of protocol '"
              + ContactIdParser.printable(protocol)
              + "' is not Contact ID (5 or Q); set the receiver's automation "
              + "output to Sur-Gard Contact ID");
    }
    int space = headerEnd(t, start, end);
    int accountLength = protocol == '5' ? SHORT_ACCOUNT : LONG_ACCOUNT;
    int bodyLength = 2 + accountLength + 1 + ContactIdParser.EVENT_DIGITS - 1;
    int at = space + 1;
    int rest = end - at - bodyLength;
    if (rest != 0 && rest != CLOCK_LENGTH) {
      throw new ContactIdParseException(
          ContactIdError.WRONG_LENGTH,
          "receiver line carries "
              + (end - at)
              + " characters after the header; expected "
              + bodyLength
              + " (or "
              + (bodyLength + CLOCK_LENGTH)
              + " with the receiver clock)");
    }
    char[] d = new char[bodyLength];
    for (int i = 0; i < bodyLength; i++) {
      d[i] = t.charAt(at + i);
    }
    int mt = messageType(protocol, d);
    String account = ContactIdParser.account(d, 2, accountLength);
    char letter = d[2 + accountLength];
    ContactIdQualifier q = ContactIdQualifier.ofLetter(letter);
    if (q == null) {
      throw new ContactIdParseException(
          ContactIdError.BAD_QUALIFIER,
          "receiver line qualifier '"
              + ContactIdParser.printable(letter)
              + "' is not E (new event/opening), R (restore/closing) or P (previous)");
    }
    ContactIdMessage message = ContactIdParser.event(account, mt, q, d, 3 + accountLength);
    if (rest == CLOCK_LENGTH) {
      checkClock(t, end - CLOCK_LENGTH);
    }
    return message;
  }

  /**
   * A receiver line for the message: protocol 5 for a 4-digit account, Q for a 10-digit one.
   *
   * @throws IllegalArgumentException when the account has another length or holds A, or the
   *     receiver (0-FF) or line (0-FFF) number is out of range
   */
  static String format(ContactIdMessage m, int receiver, int line) {
    int accountLength = m.account().length();
    if ((accountLength != SHORT_ACCOUNT && accountLength != LONG_ACCOUNT)
        || !ContactIdFormatter.isDtmfAccount(m.account())) {
      throw new IllegalArgumentException(
          "a receiver line carries a 4- or 10-digit account of 0-9, B-F, not '"
              + m.account()
              + "'");
    }
    if (receiver < 0 || receiver > 0xFF || line < 0 || line > 0xFFF) {
      throw new IllegalArgumentException(
          "receiver 0-FF, line 0-FFF; got " + receiver + ", " + line);
    }
    boolean shortAccount = accountLength == SHORT_ACCOUNT;
    StringBuilder s = new StringBuilder(40);
    s.append(shortAccount ? '5' : 'Q');
    hex(s, receiver, 2);
    hex(s, line, 3);
    s.append(' ')
        .append(shortAccount ? m.messageType() : 58)
        .append(m.account())
        .append(m.qualifier().letter());
    ContactIdFormatter.appendEvent(s, m);
    return s.append(ContactIdParser.DC4).toString();
  }

  /** The heartbeat: {@code 1}, receiver and line digits, spaces, one {@code @}, spaces. */
  static boolean isHeartbeat(CharSequence t, int start, int end) {
    if (end - start < 6 || t.charAt(start) != '1') {
      return false;
    }
    int at = 0;
    int i = start + 1;
    while (i < end && isHex(t.charAt(i))) {
      i++;
    }
    if (i - start < 3 || i - start > 6) {
      return false;
    }
    for (; i < end; i++) {
      char c = t.charAt(i);
      if (c == '@') {
        at++;
      } else if (c != ' ') {
        return false;
      }
    }
    return at == 1;
  }

  /** The index of the space after {@code pRRL} or {@code pRRLLL}, whose characters must be hex. */
  private static int headerEnd(CharSequence t, int start, int end) throws ContactIdParseException {
    int space = -1;
    if (end > start + 4 && t.charAt(start + 4) == ' ') {
      space = start + 4;
    } else if (end > start + 6 && t.charAt(start + 6) == ' ') {
      space = start + 6;
    }
    if (space < 0) {
      throw new ContactIdParseException(
          ContactIdError.MALFORMED,
          "receiver line header is not 5RRLLL or 5RRL followed by a space");
    }
    for (int i = start + 1; i < space; i++) {
      if (!isHex(t.charAt(i))) {
        throw new ContactIdParseException(
            ContactIdError.NON_DIGIT,
            "receiver/line number character '"
                + ContactIdParser.printable(t.charAt(i))
                + "' is not hex");
      }
    }
    return space;
  }

  private static int messageType(char protocol, char[] d) throws ContactIdParseException {
    if (protocol == '5') {
      return ContactIdParser.messageType(d, 0);
    }
    if (d[0] != '5' || d[1] != '8') {
      throw new ContactIdParseException(
          ContactIdError.BAD_MESSAGE_TYPE,
          "format identifier '"
              + ContactIdParser.printable(d[0])
              + ContactIdParser.printable(d[1])
              + "' of a 10-digit-account line is not 58");
    }
    return 18;
  }

  /** {@code HH:MM:SS-dd/mm}: shape only; the bridge keeps its own clock. */
  private static void checkClock(CharSequence t, int from) throws ContactIdParseException {
    String shape = "99:99:99-99/99";
    for (int i = 0; i < CLOCK_LENGTH; i++) {
      char c = t.charAt(from + i);
      char want = shape.charAt(i);
      boolean ok = want == '9' ? c >= '0' && c <= '9' : c == want;
      if (!ok) {
        throw new ContactIdParseException(
            ContactIdError.MALFORMED,
            "receiver clock suffix is not HH:MM:SS-dd/mm at '"
                + ContactIdParser.printable(c)
                + "'");
      }
    }
  }

  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F');
  }

  private static void hex(StringBuilder s, int value, int width) {
    for (int shift = (width - 1) * 4; shift >= 0; shift -= 4) {
      s.append(Character.toUpperCase(Character.forDigit((value >> shift) & 0xF, 16)));
    }
  }
}
