package io.chektbridge.daemon.link;

import io.chektbridge.daemon.time.HostClock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * "Logged once per peer": a noisy or hostile peer must not flood the journal, yet an installer must
 * see the first occurrence of every kind of problem from every peer, and a reminder now and then
 * (timed on the elapsed clock, so a wall-clock step neither floods nor silences).
 */
public final class LogThrottle {
  private static final int MAX_KEYS = 10_000;

  private final HostClock clock;
  private final Duration quiet;
  private final Map<String, Long> lastNanos = new ConcurrentHashMap<>();

  public LogThrottle(HostClock clock, Duration quiet) {
    this.clock = clock;
    this.quiet = quiet;
  }

  /** True when a line about {@code key} (e.g. peer + reason) should be logged now. */
  public boolean shouldLog(String key) {
    if (lastNanos.size() > MAX_KEYS) {
      lastNanos.clear();
    }
    Long before = lastNanos.get(key);
    if (before != null && clock.elapsedSince(before).compareTo(quiet) < 0) {
      return false;
    }
    lastNanos.put(key, clock.nanoTime());
    return true;
  }
}
