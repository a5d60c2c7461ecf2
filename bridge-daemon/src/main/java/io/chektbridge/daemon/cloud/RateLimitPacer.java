package io.chektbridge.daemon.cloud;

import io.chektbridge.daemon.time.HostClock;
import java.time.Duration;
import java.time.Instant;

/**
 * Slows sending as the cloud's {@code X-RateLimit-*} budget runs low (the CHeKT API contract §9,
 * §11 item 39), so a backlog drains at the fastest rate the limits allow instead of bouncing off
 * 429s. Above 10 % of the window's budget it adds nothing; below, it spreads what remains evenly up
 * to the reset; at zero it waits for the reset. Waits are capped so a wrong header cannot stall the
 * queue. Each request asking for its wait spends one of the budget at once: several requests in
 * flight then get staggered waits, not the same one, and together stay within what was left. The
 * reset (a wall-clock time) is turned into elapsed time when it arrives, so a later step of the
 * host's wall clock does not move it.
 */
public final class RateLimitPacer {
  static final Duration MAX_WAIT = Duration.ofSeconds(60);

  private final HostClock clock;
  private long limit = -1;
  private long remaining = -1;
  private long resetNanos;
  private long resetEpochSecond = -1;

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
    // within one window the budget only shrinks: the requests that already asked for their wait are
    // spent even when this answer was counted before them
    remaining = s == resetEpochSecond && l == limit ? Math.min(remaining, r) : r;
    limit = l;
    resetEpochSecond = s;
    Duration untilReset = Duration.between(clock.instant(), Instant.ofEpochSecond(s));
    resetNanos =
        clock.nanoTime() + (untilReset.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : untilReset).toNanos();
  }

  /**
   * How long to wait before the next request, given the last budget the server reported; the
   * request is counted as spent from it.
   */
  public synchronized Duration delayBeforeNext() {
    Duration untilReset = Duration.ofNanos(resetNanos - clock.nanoTime());
    if (limit <= 0 || untilReset.isNegative() || untilReset.isZero()) {
      return Duration.ZERO;
    }
    long left = remaining;
    remaining = Math.max(0, remaining - 1);
    if (left * 10 >= limit) {
      return Duration.ZERO;
    }
    Duration wait = left <= 0 ? untilReset : untilReset.dividedBy(left + 1);
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
