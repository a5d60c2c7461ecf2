package io.chektbridge.daemon.cloud;

import io.chektbridge.daemon.time.HostClock;
import java.time.Duration;
import java.time.Instant;

/**
 * Slows sending as the cloud's {@code X-RateLimit-*} budget runs low (the CHeKT API contract §9,
 * §11 item 39), so a backlog drains at the fastest rate the limits allow instead of bouncing off
 * 429s. Above 10 % of the window's budget it adds nothing; below, it spreads what remains evenly up
 * to the reset; at zero it waits for the reset. Waits are capped so a wrong header cannot stall the
 * queue. The reset (a wall-clock time) is turned into elapsed time when it arrives, so a later step
 * of the host's wall clock does not move it.
 */
public final class RateLimitPacer {
  static final Duration MAX_WAIT = Duration.ofSeconds(60);

  private final HostClock clock;
  private long limit = -1;
  private long remaining = -1;
  private long resetNanos;

  public RateLimitPacer(HostClock clock) {
    this.clock = clock;
  }

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
    Duration untilReset = Duration.between(clock.instant(), Instant.ofEpochSecond(s));
    resetNanos =
        clock.nanoTime() + (untilReset.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : untilReset).toNanos();
  }

  /** How long to wait before the next request, given the last budget the server reported. */
  public synchronized Duration delayBeforeNext() {
    Duration untilReset = Duration.ofNanos(resetNanos - clock.nanoTime());
    if (limit <= 0 || untilReset.isNegative() || untilReset.isZero() || remaining * 10 >= limit) {
      return Duration.ZERO;
    }
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
