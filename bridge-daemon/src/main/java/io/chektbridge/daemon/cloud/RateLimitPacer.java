package io.chektbridge.daemon.cloud;

import java.time.Duration;
import java.time.Instant;

/**
 * Slows sending as the cloud's {@code X-RateLimit-*} budget runs low (chekt-api.md §9, §11 item 39), so
 * a backlog drains at the fastest rate the limits allow instead of bouncing off 429s. Above 10 % of
 * the window's budget it adds nothing; below, it spreads what remains evenly up to the reset; at zero
 * it waits for the reset. Waits are capped so a wrong header cannot stall the queue.
 */
public final class RateLimitPacer {
  static final Duration MAX_WAIT = Duration.ofSeconds(60);

  private long limit = -1;
  private long remaining = -1;
  private Instant reset;

  /** Takes the headers of the latest response; missing or unreadable headers change nothing. */
  public synchronized void observe(String limitHeader, String remainingHeader, String resetHeader) {
    Long l = parse(limitHeader);
    Long r = parse(remainingHeader);
    Long s = parse(resetHeader);
    if (l == null || r == null || s == null) {
      return;
    }
    limit = l;
    remaining = r;
    reset = Instant.ofEpochSecond(s);
  }

  /** How long to wait before the next request, given the last budget the server reported. */
  public synchronized Duration delayBeforeNext(Instant now) {
    if (reset == null || limit <= 0 || !now.isBefore(reset) || remaining * 10 >= limit) {
      return Duration.ZERO;
    }
    Duration untilReset = Duration.between(now, reset);
    Duration wait = remaining <= 0 ? untilReset : untilReset.dividedBy(remaining + 1);
    return wait.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait;
  }

  private static Long parse(String header) {
    if (header == null) {
      return null;
    }
    try {
      return Long.parseLong(header.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
