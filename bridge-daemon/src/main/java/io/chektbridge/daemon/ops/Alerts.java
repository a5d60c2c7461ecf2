package io.chektbridge.daemon.ops;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Operational alerts ({@code SYNC_FAILED}, {@code SYNC_LATE}, {@code AUTH_FAILED}, {@code DEAD_LETTER},
 * {@code PANEL_LINK_LOST}, {@code DISK_FULL}, ...): raised once, logged once at WARN when raised and
 * at INFO when cleared, shown on the status port while active.
 */
public final class Alerts {
  private static final Logger LOG = LoggerFactory.getLogger(Alerts.class);

  private final Clock clock;
  private final Map<String, Alert> active = new ConcurrentHashMap<>();

  public Alerts(Clock clock) {
    this.clock = clock;
  }

  /** Raises (or refreshes the detail of) an alert; logs only when it was not already active. */
  public void raise(String name, String detail) {
    Alert previous = active.putIfAbsent(name, new Alert(name, clock.instant(), detail));
    if (previous == null) {
      LOG.warn("ALERT {} raised: {}", name, detail);
    } else if (!previous.detail().equals(detail)) {
      active.put(name, new Alert(name, previous.since(), detail));
    }
  }

  public void clear(String name) {
    Alert gone = active.remove(name);
    if (gone != null) {
      LOG.info("ALERT {} cleared (was active since {})", name, gone.since());
    }
  }

  public boolean isActive(String name) {
    return active.containsKey(name);
  }

  /** The active alerts, oldest first. */
  public List<Alert> active() {
    return active.values().stream().sorted(Comparator.comparing(Alert::since)).toList();
  }

  public record Alert(String name, Instant since, String detail) {
  }
}
