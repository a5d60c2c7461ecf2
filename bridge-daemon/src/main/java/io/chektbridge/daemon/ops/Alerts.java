package io.chektbridge.daemon.ops;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
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
  /** Every alert raised since the start: its series stays at 0 once cleared instead of vanishing. */
  private final Set<String> raised = ConcurrentHashMap.newKeySet();

  public Alerts(Clock clock) {
    this.clock = clock;
  }

  /** Raises (or refreshes the detail of) an alert; logs only when it was not already active. */
  public void raise(String name, String detail) {
    raised.add(name);
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

  /** {@code chekt_bridge_alert_active{alert="SYNC_LATE"}}: 1 while active, 0 after it cleared. */
  public void exportTo(Metrics metrics) {
    metrics.gauges("chekt_bridge_alert_active", "1 while the named alert is active (see chekt-bridge status)", () -> {
      Map<String, Double> series = new TreeMap<>();
      raised.forEach(name -> series.put(Metrics.label("alert", name), active.containsKey(name) ? 1.0 : 0.0));
      return series;
    });
  }

  public record Alert(String name, Instant since, String detail) {
  }
}
