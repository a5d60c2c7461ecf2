package io.chektbridge.sia;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * The DC-09 timestamp {@code _HH:MM:SS,MM-DD-YYYY} (UTC), parsed by hand: it sits on the hot path.
 */
final class Dc09Timestamp {
  /** Length of the timestamp including the leading underscore. */
  static final int LENGTH = 20;

  private Dc09Timestamp() {}

  /** Parses {@code _HH:MM:SS,MM-DD-YYYY} at {@code s[from..from+20)}; null when it is not one. */
  static Instant parse(CharSequence s, int from) {
    if (s.length() - from != LENGTH
        || s.charAt(from) != '_'
        || s.charAt(from + 3) != ':'
        || s.charAt(from + 6) != ':'
        || s.charAt(from + 9) != ','
        || s.charAt(from + 12) != '-'
        || s.charAt(from + 15) != '-') {
      return null;
    }
    int hour = digits(s, from + 1, 2);
    int minute = digits(s, from + 4, 2);
    int second = digits(s, from + 7, 2);
    int month = digits(s, from + 10, 2);
    int day = digits(s, from + 13, 2);
    int year = digits(s, from + 16, 4);
    if (hour < 0
        || hour > 23
        || minute < 0
        || minute > 59
        || second < 0
        || second > 59
        || month < 1
        || month > 12
        || day < 1
        || day > 31
        || year < 0) {
      return null;
    }
    try {
      long epochDay = LocalDate.of(year, month, day).toEpochDay();
      return Instant.ofEpochSecond(epochDay * 86_400L + hour * 3600L + minute * 60L + second);
    } catch (DateTimeException e) {
      return null;
    }
  }

  /** Non-negative value of {@code count} decimal digits, or -1 when one is not a digit. */
  static int digits(CharSequence s, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  /**
   * {@code _HH:MM:SS,MM-DD-YYYY} for the instant (UTC, whole seconds); the field holds years 0 to
   * 9999 only.
   */
  static String format(Instant instant) {
    ZonedDateTime t = instant.atZone(ZoneOffset.UTC);
    if (t.getYear() < 0 || t.getYear() > 9999) {
      throw new IllegalArgumentException("a DC-09 timestamp has no year " + t.getYear());
    }
    StringBuilder sb = new StringBuilder(LENGTH).append('_');
    two(sb, t.getHour()).append(':');
    two(sb, t.getMinute()).append(':');
    two(sb, t.getSecond()).append(',');
    two(sb, t.getMonthValue()).append('-');
    two(sb, t.getDayOfMonth()).append('-');
    int year = t.getYear();
    two(sb, year / 100 % 100);
    return two(sb, year % 100).toString();
  }

  private static StringBuilder two(StringBuilder sb, int v) {
    return sb.append((char) ('0' + v / 10)).append((char) ('0' + v % 10));
  }
}
