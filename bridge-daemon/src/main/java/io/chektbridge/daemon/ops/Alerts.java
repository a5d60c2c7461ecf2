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
 * The active operational alerts (every kind is listed in {@link AlertKind}): raised once, logged
 * once at WARN when raised and at INFO when cleared, shown on the status port while active. Each
 * kind is raised and cleared by its one owner; the storage kinds through {@link #storage()}.
 */
public final class Alerts {
  private static final Logger LOG = LoggerFactory.getLogger(Alerts.class);

  private final Clock clock;
  private final Map<AlertKind, Alert> active = new ConcurrentHashMap<>();

  /**
   * Every alert raised since the start: its series stays at 0 once cleared instead of vanishing.
   */
  private final Set<AlertKind> raised = ConcurrentHashMap.newKeySet();

  private final StorageFaults storage = new StorageFaults(this);

  public Alerts(Clock clock) {
    this.clock = clock;
  }

  /**
   * Where the journal, the database copy, the site state and the database check report their
   * faults.
   */
  public StorageFaults storage() {
    return storage;
  }

  /** Raises (or refreshes the detail of) an alert; logs only when it was not already active. */
  public void raise(AlertKind kind, String detail) {
    raised.add(kind);
    Alert previous = active.putIfAbsent(kind, new Alert(kind, clock.instant(), detail));
    if (previous == null) {
      LOG.warn("ALERT {} raised: {}", kind, detail);
    } else if (!previous.detail().equals(detail)) {
      active.put(kind, new Alert(kind, previous.since(), detail));
    }
  }

  public void clear(AlertKind kind) {
    Alert gone = active.remove(kind);
    if (gone != null) {
      LOG.info("ALERT {} cleared (was active since {})", kind, gone.since());
    }
  }

  public boolean isActive(AlertKind kind) {
    return active.containsKey(kind);
  }

  /** True while an alert that fails {@code /readyz} is active. */
  public boolean failsReadiness() {
    return active.keySet().stream().anyMatch(AlertKind::failsReadiness);
  }

  /** The active alerts, oldest first. */
  public List<Alert> active() {
    return active.values().stream().sorted(Comparator.comparing(Alert::since)).toList();
  }

  /** {@code chekt_bridge_alert_active{alert="SYNC_LATE"}}: 1 while active, 0 after it cleared. */
  public void exportTo(Metrics metrics) {
    metrics.gauges(
        "chekt_bridge_alert_active",
        "1 while the named alert is active (see chekt-bridge status)",
        () -> {
          Map<String, Double> series = new TreeMap<>();
          raised.forEach(
              kind ->
                  series.put(
                      Metrics.label("alert", kind.name()), active.containsKey(kind) ? 1.0 : 0.0));
          return series;
        });
  }

  public record Alert(AlertKind kind, Instant since, String detail) {}
}
