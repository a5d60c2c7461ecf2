package io.chektbridge.contactid;

/** Writes a {@link ContactIdMessage} back in each wire form, with a correct check digit. */
public final class ContactIdFormatter {
  private ContactIdFormatter() {
  }

  /** The 16-digit DTMF form, no spaces: {@code 1234181130010158}. */
  public static String format(ContactIdMessage m) {
    String body = withoutChecksum(m);
    return body + checksum(body);
  }

  /** {@code 1234 18 1 130 01 015 8}. */
  public static String formatSpaced(ContactIdMessage m) {
    String full = format(m);
    int a = m.account().length();
    return full.substring(0, a) + ' ' + full.substring(a, a + 2) + ' ' + full.charAt(a + 2) + ' '
        + full.substring(a + 3, a + 6) + ' ' + full.substring(a + 6, a + 8) + ' ' + full.substring(a + 8, a + 11)
        + ' ' + full.charAt(a + 11);
  }

  /** The 15-digit form without check digit. */
  public static String withoutChecksum(ContactIdMessage m) {
    return m.account() + m.messageType() + eventPart(m);
  }

  /** The ADM-CID payload of a DC-09 data block: {@code 1130 01 015}. */
  public static String formatAdmCidPayload(ContactIdMessage m) {
    return m.qualifier().digit() + digits(m.eventCode(), 3) + ' ' + digits(m.partition(), 2) + ' '
        + digits(m.number(), 3);
  }

  /**
   * A Sur-Gard style automation line for receiver {@code rr}, line {@code lll}, ended by DC4:
   * {@code 5RRLLL 18AAAAQXYZGGCCC\u0014}.
   */
  public static String formatReceiverLine(ContactIdMessage m, int receiver, int line) {
    return "5" + digits(receiver, 2) + digits(line, 3) + ' ' + m.messageType() + m.account() + eventPart(m)
        + ContactIdParser.DC4;
  }

  /** The check digit for 15 Contact ID digits: the one that makes the digit sum a multiple of 15. */
  public static char checksum(CharSequence fifteenDigits) {
    int sum = 0;
    for (int i = 0; i < fifteenDigits.length(); i++) {
      char c = Character.toUpperCase(fifteenDigits.charAt(i));
      if (c == ' ') {
        continue;
      }
      try {
        sum += ContactIdParser.checksumValue(c);
      } catch (ContactIdParseException e) {
        throw new IllegalArgumentException(e.getMessage());
      }
    }
    int needed = 15 - sum % 15;
    if (needed == 10) {
      return '0';
    }
    return needed < 10 ? (char) ('0' + needed) : (char) ('A' + needed - 10);
  }

  private static String eventPart(ContactIdMessage m) {
    return m.qualifier().digit() + digits(m.eventCode(), 3) + digits(m.partition(), 2) + digits(m.number(), 3);
  }

  static String digits(int value, int width) {
    StringBuilder s = new StringBuilder(width);
    String v = Integer.toString(value);
    for (int i = v.length(); i < width; i++) {
      s.append('0');
    }
    return s.append(v).toString();
  }
}
