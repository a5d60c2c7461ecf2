package io.chektbridge.daemon.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The host's two clocks. The wall clock ({@link #instant()}, UTC) stamps what leaves the bridge; it
 * may be stepped by hours or days at any time (a box without RTC boots with a stale clock and NTP
 * steps it, an admin sets it back). The elapsed clock ({@link #nanoTime()}) only moves forward at
 * the rate time passes, so delays, backoffs, timeouts and supervision intervals are measured on it.
 */
public abstract class HostClock extends Clock {
  private static final HostClock SYSTEM =
      new HostClock() {
        @Override
        public Instant instant() {
          return Instant.now();
        }

        @Override
        public long nanoTime() {
          return System.nanoTime();
        }
      };

  /** The system wall clock in UTC and {@link System#nanoTime()}. */
  public static HostClock system() {
    return SYSTEM;
  }

  /** Nanoseconds of elapsed time from an arbitrary origin; only differences mean anything. */
  public abstract long nanoTime();

  /** Elapsed time since {@code start}, a value of {@link #nanoTime()}. */
  public final Duration elapsedSince(long start) {
    return Duration.ofNanos(nanoTime() - start);
  }

  @Override
  public final ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public final Clock withZone(ZoneId zone) {
    if (!ZoneOffset.UTC.equals(zone)) {
      throw new UnsupportedOperationException("the bridge keeps time in UTC");
    }
    return this;
  }
}
