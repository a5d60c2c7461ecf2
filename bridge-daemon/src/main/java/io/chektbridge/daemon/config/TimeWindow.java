package io.chektbridge.daemon.config;

import java.time.Duration;

/**
 * How far a DC-09 timestamp may lie behind ({@code maxAge}) or ahead of ({@code maxAhead}) the
 * receiver's clock; written {@code -40s..+20s}.
 */
public record TimeWindow(Duration maxAge, Duration maxAhead) {
  public static final TimeWindow DEFAULT =
      new TimeWindow(Duration.ofSeconds(40), Duration.ofSeconds(20));

  public static TimeWindow parse(String text) {
    String s = text.trim();
    int dots = s.indexOf("..");
    if (dots < 0 || !s.startsWith("-") || s.charAt(dots + 2) != '+') {
      throw new IllegalArgumentException("'" + text + "' is not a window like -40s..+20s");
    }
    return new TimeWindow(
        Durations.parse(s.substring(1, dots)), Durations.parse(s.substring(dots + 3)));
  }

  @Override
  public String toString() {
    return "-" + Durations.format(maxAge) + "..+" + Durations.format(maxAhead);
  }
}
