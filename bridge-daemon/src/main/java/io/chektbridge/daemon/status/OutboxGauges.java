package io.chektbridge.daemon.status;

import io.chektbridge.daemon.ops.Metrics;
import java.util.Map;

/**
 * The outbox's waiting time and dead letters as gauges, read from the {@code outbox} section of
 * {@code /status} (its fixed fields), so the metrics and the page never disagree. Before cloud sync
 * registers the section both read 0.
 */
final class OutboxGauges {
  private OutboxGauges() {}

  static void register(Metrics metrics, StatusRegistry registry) {
    metrics.gauge(
        "chekt_bridge_outbox_oldest_pending_age_seconds",
        "How long the oldest outbox row has waited for the cloud (0 when none waits)",
        "",
        () -> field(registry, "oldest_age_s"));
    metrics.gauge(
        "chekt_bridge_outbox_dead_letter",
        "Outbox rows set aside as dead letters (outbox list --status dead)",
        "",
        () -> field(registry, "dead_letter"));
  }

  private static double field(StatusRegistry registry, String name) {
    return registry.section("outbox") instanceof Map<?, ?> outbox
            && outbox.get(name) instanceof Number n
        ? n.doubleValue()
        : 0;
  }
}
