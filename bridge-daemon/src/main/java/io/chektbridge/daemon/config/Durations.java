package io.chektbridge.daemon.config;

import java.time.Duration;

/**
 * Durations as installers write them: {@code 60s}, {@code 500ms}, {@code 5m}, {@code 25h}, {@code
 * 7d}, or combined ({@code 1m30s}). A bare number is refused: "60" could be seconds or minutes and
 * a wrong guess on an entry delay is a false alarm.
 */
public final class Durations {
  private Durations() {}

  public static Duration parse(String text) {
    String s = text.trim();
    if (s.isEmpty()) {
      throw new IllegalArgumentException("empty duration; write it with a unit, e.g. 30s");
    }
    Duration total = Duration.ZERO;
    int i = 0;
    while (i < s.length()) {
      int start = i;
      while (i < s.length() && Character.isDigit(s.charAt(i))) {
        i++;
      }
      if (i == start) {
        throw invalid(text);
      }
      long amount = Long.parseLong(s.substring(start, i));
      int unitStart = i;
      while (i < s.length() && Character.isLetter(s.charAt(i))) {
        i++;
      }
      total = total.plus(unit(s.substring(unitStart, i), amount, text));
    }
    return total;
  }

  /** The shortest text {@link #parse} reads back to the same value. */
  public static String format(Duration d) {
    long ms = d.toMillis();
    if (ms % 1000 != 0) {
      return ms + "ms";
    }
    long s = ms / 1000;
    if (s != 0 && s % 86400 == 0) {
      return s / 86400 + "d";
    }
    if (s != 0 && s % 3600 == 0) {
      return s / 3600 + "h";
    }
    if (s != 0 && s % 60 == 0) {
      return s / 60 + "m";
    }
    return s + "s";
  }

  private static Duration unit(String unit, long amount, String text) {
    switch (unit) {
      case "ms":
        return Duration.ofMillis(amount);
      case "s":
        return Duration.ofSeconds(amount);
      case "m":
        return Duration.ofMinutes(amount);
      case "h":
        return Duration.ofHours(amount);
      case "d":
        return Duration.ofDays(amount);
      case "":
        throw new IllegalArgumentException(
            "'" + text + "' has no unit; write e.g. " + amount + "s (units: ms, s, m, h, d)");
      default:
        throw invalid(text);
    }
  }

  private static IllegalArgumentException invalid(String text) {
    return new IllegalArgumentException(
        "'" + text + "' is not a duration; write e.g. 30s, 5m, 25h (units: ms, s, m, h, d)");
  }
}
