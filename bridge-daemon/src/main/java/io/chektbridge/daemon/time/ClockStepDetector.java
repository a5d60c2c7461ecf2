package io.chektbridge.daemon.time;

import java.time.Duration;
import java.time.Instant;

/**
 * Notices the wall clock being stepped: between two looks, wall time should move as far as elapsed
 * time does. What it moved more (or less) is the step. Each look re-anchors, so the slow slewing
 * NTP does never adds up to a step; differences under {@link #TOLERANCE} are taken as no step.
 */
public final class ClockStepDetector {
  static final Duration TOLERANCE = Duration.ofSeconds(1);

  private final HostClock clock;
  private Instant lastWall;
  private long lastElapsed;

  public ClockStepDetector(HostClock clock) {
    this.clock = clock;
    this.lastWall = clock.instant();
    this.lastElapsed = clock.nanoTime();
  }

  /**
   * How far the wall clock was stepped since the last call (negative: set back), or zero. Not
   * thread-safe.
   */
  public Duration step() {
    Instant wall = clock.instant();
    long elapsed = clock.nanoTime();
    Duration step = Duration.between(lastWall, wall).minusNanos(elapsed - lastElapsed);
    lastWall = wall;
    lastElapsed = elapsed;
    return step.abs().compareTo(TOLERANCE) < 0 ? Duration.ZERO : step;
  }

  /** A step for a log line, to the second: "back by 1h", "ahead by 24h5s". */
  public static String describe(Duration step) {
    Duration seconds = Duration.ofSeconds(Math.round(step.abs().toNanos() / 1e9));
    return (step.isNegative() ? "back by " : "ahead by ")
        + seconds.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
  }
}
