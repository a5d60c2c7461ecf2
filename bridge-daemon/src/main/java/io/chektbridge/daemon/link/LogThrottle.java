package io.chektbridge.daemon.link;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * "Logged once per peer": a noisy or hostile peer must not flood the journal, yet an installer must
 * see the first occurrence of every kind of problem from every peer, and a reminder now and then.
 */
public final class LogThrottle {
  private static final int MAX_KEYS = 10_000;

  private final Clock clock;
  private final Duration quiet;
  private final Map<String, Instant> last = new ConcurrentHashMap<>();

  public LogThrottle(Clock clock, Duration quiet) {
    this.clock = clock;
    this.quiet = quiet;
  }

  /** True when a line about {@code key} (e.g. peer + reason) should be logged now. */
  public boolean shouldLog(String key) {
    Instant now = clock.instant();
    if (last.size() > MAX_KEYS) {
      last.clear();
    }
    Instant before = last.get(key);
    if (before != null && Duration.between(before, now).compareTo(quiet) < 0) {
      return false;
    }
    last.put(key, now);
    return true;
  }
}
