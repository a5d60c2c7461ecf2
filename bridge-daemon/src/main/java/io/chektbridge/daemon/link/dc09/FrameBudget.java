package io.chektbridge.daemon.link.dc09;

import io.chektbridge.daemon.time.HostClock;

/**
 * A token bucket for one sender's frames: {@code perSecond} on average, up to {@code burst} at once
 * after a quiet spell. Timed on the elapsed clock, so a wall-clock step neither freezes nor floods
 * a sender. Not thread-safe: one event loop owns it.
 */
final class FrameBudget {
  private static final long SECOND = 1_000_000_000L;

  private final HostClock clock;
  private final long nanosPerFrame;
  private final long burstNanos;

  /**
   * When the bucket would be full again; tokens are the time left until then, counted backwards.
   */
  private long fullAt;

  FrameBudget(HostClock clock, int perSecond, int burst) {
    if (perSecond <= 0 || burst <= 0) {
      throw new IllegalArgumentException("rate and burst must be more than 0");
    }
    this.clock = clock;
    this.nanosPerFrame = SECOND / perSecond;
    this.burstNanos = nanosPerFrame * burst;
    this.fullAt = clock.nanoTime();
  }

  /** Nanoseconds until a frame may pass; 0 when one may pass now. */
  long nanosUntilNext() {
    long now = clock.nanoTime();
    long emptyAfterOneMore = Math.max(fullAt, now) + nanosPerFrame - burstNanos;
    return Math.max(0, emptyAfterOneMore - now);
  }

  /** Takes a frame's token; only after {@link #nanosUntilNext()} said 0. */
  void take() {
    fullAt = Math.max(fullAt, clock.nanoTime()) + nanosPerFrame;
  }

  /** Takes a token when one is there now. */
  boolean tryTake() {
    if (nanosUntilNext() > 0) {
      return false;
    }
    take();
    return true;
  }
}
