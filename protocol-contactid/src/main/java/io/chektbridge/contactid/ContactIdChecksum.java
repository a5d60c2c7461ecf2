package io.chektbridge.contactid;

/**
 * The DC-05 check digit: digit weights 1-9 at face value, 0 (and DTMF A, which spandsp writes for
 * it) as 10, B-F as 11-15; the 16 digits of a message sum to a multiple of 15. A needed weight of
 * 15 is written F and 10 is written 0, so the check digit is never A.
 */
final class ContactIdChecksum {
  private ContactIdChecksum() {}

  /** The weight of one wire digit, or -1 when the character is not a Contact ID digit. */
  static int weight(char c) {
    if (c >= '1' && c <= '9') {
      return c - '0';
    }
    if (c == '0' || c == 'A' || c == 'a') {
      return 10;
    }
    if (c >= 'B' && c <= 'F') {
      return c - 'A' + 10;
    }
    if (c >= 'b' && c <= 'f') {
      return c - 'a' + 10;
    }
    return -1;
  }

  /** The check digit that completes digits whose weights sum to {@code sum}. */
  static char digitFor(int sum) {
    int needed = 15 - sum % 15;
    if (needed == 10) {
      return '0';
    }
    return needed < 10 ? (char) ('0' + needed) : (char) ('A' + needed - 10);
  }
}
