package io.chektbridge.contactid;

/** Writes a {@link ContactIdMessage} in each wire form, with a correct check digit. */
public final class ContactIdFormatter {
  private ContactIdFormatter() {}

  /**
   * The 16-digit DTMF form, no spaces: {@code 1234181131010158}.
   *
   * @throws IllegalArgumentException when the account is not 4 characters of 0-9, B-F (the only
   *     account this form can carry)
   */
  public static String format(ContactIdMessage m) {
    StringBuilder s = dtmfBody(m);
    return s.append(checksum(s)).toString();
  }

  /** The same with a space between fields, as manuals print it: {@code 1234 18 1 131 01 015 8}. */
  public static String formatSpaced(ContactIdMessage m) {
    String d = format(m);
    return new StringBuilder(22)
        .append(d, 0, 4)
        .append(' ')
        .append(d, 4, 6)
        .append(' ')
        .append(d.charAt(6))
        .append(' ')
        .append(d, 7, 10)
        .append(' ')
        .append(d, 10, 12)
        .append(' ')
        .append(d, 12, 15)
        .append(' ')
        .append(d.charAt(15))
        .toString();
  }

  /** The 15-digit form without check digit: {@code 123418113101015}. */
  public static String formatWithoutChecksum(ContactIdMessage m) {
    return dtmfBody(m).toString();
  }

  /** The ADM-CID payload of a DC-09 data block: {@code 1130 01 015}. */
  public static String formatAdmCidPayload(ContactIdMessage m) {
    StringBuilder s = new StringBuilder(11).append(m.qualifier().digit()).append(m.eventCodeText());
    appendDigits(s.append(' '), m.partition(), 2);
    appendDigits(s.append(' '), m.number(), 3);
    return s.toString();
  }

  /**
   * A Sur-Gard automation line for receiver {@code receiver} (0-FF), line {@code line} (0-FFF),
   * ended by DC4: {@code 501100 181234E12101001\u0014}; a 10-digit account gives the {@code Q…58}
   * line.
   */
  public static String formatReceiverLine(ContactIdMessage m, int receiver, int line) {
    return SurGardLine.format(m, receiver, line);
  }

  /**
   * The check digit for 15 Contact ID digits (spaces ignored): the one that makes the digit sum a
   * multiple of 15, written F for 15 and 0 for 10.
   *
   * @throws IllegalArgumentException when a character is not 0-9 or A-F, or there are not 15 digits
   */
  public static char checksum(CharSequence fifteenDigits) {
    int sum = 0;
    int digits = 0;
    for (int i = 0; i < fifteenDigits.length(); i++) {
      char c = fifteenDigits.charAt(i);
      if (c == ' ') {
        continue;
      }
      int weight = ContactIdChecksum.weight(c);
      if (weight < 0) {
        throw new IllegalArgumentException(
            "'" + ContactIdParser.printable(c) + "' is not a Contact ID digit");
      }
      sum += weight;
      digits++;
    }
    if (digits != ContactIdParser.DTMF_DIGITS - 1) {
      throw new IllegalArgumentException("a check digit completes 15 digits, not " + digits);
    }
    return ContactIdChecksum.digitFor(sum);
  }

  private static StringBuilder dtmfBody(ContactIdMessage m) {
    if (m.account().length() != ContactIdParser.DTMF_ACCOUNT || !isDtmfAccount(m.account())) {
      throw new IllegalArgumentException(
          "the DTMF form carries a 4-digit account of 0-9, B-F, not '" + m.account() + "'");
    }
    StringBuilder s =
        new StringBuilder(ContactIdParser.DTMF_DIGITS)
            .append(m.account())
            .append(m.messageType())
            .append(m.qualifier().digit());
    appendEvent(s, m);
    return s;
  }

  /** XYZ GG CCC without spaces. */
  static void appendEvent(StringBuilder s, ContactIdMessage m) {
    s.append(m.eventCodeText());
    appendDigits(s, m.partition(), 2);
    appendDigits(s, m.number(), 3);
  }

  /** True for an account of 0-9 and upper-case B-F: what DTMF and receiver lines can carry. */
  static boolean isDtmfAccount(String account) {
    for (int i = 0; i < account.length(); i++) {
      char c = account.charAt(i);
      if (!(c >= '0' && c <= '9') && !(c >= 'B' && c <= 'F')) {
        return false;
      }
    }
    return true;
  }

  /** {@code value} zero-padded to {@code width} decimal digits. */
  static String digits(int value, int width) {
    return appendDigits(new StringBuilder(width), value, width).toString();
  }

  private static StringBuilder appendDigits(StringBuilder s, int value, int width) {
    int div = 1;
    for (int i = 1; i < width; i++) {
      div *= 10;
    }
    for (; div > 0; div /= 10) {
      s.append((char) ('0' + value / div % 10));
    }
    return s;
  }
}
