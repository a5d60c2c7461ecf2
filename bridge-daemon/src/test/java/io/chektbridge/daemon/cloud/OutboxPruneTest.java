package io.chektbridge.daemon.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import io.chektbridge.daemon.outbox.AttemptRecord;
import io.chektbridge.daemon.outbox.DeliveryClass;
import io.chektbridge.daemon.outbox.OutboxStore;
import io.chektbridge.daemon.store.Database;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retention pruning removes old delivered rows only, across several bounded delete transactions.
 */
class OutboxPruneTest {
  private static final Instant T0 = Instant.parse("2026-01-15T10:00:00Z");

  @TempDir Path dir;

  @Test
  void oldDeliveredRowsGoInBatchesWhilePendingDeadAndRecentlyDeliveredRowsStay() throws Exception {
    try (Database db = Database.open(dir)) {
      OutboxRows rows = new OutboxRows(db);
      OutboxStore store = new OutboxStore(db);
      List<Long> ids = rows.events(1, 5_003, T0);
      store.record(deliveries(ids.subList(0, 5_000)), T0);
      store.markDead(ids.get(5_000), 400, "refused", T0);
      List<Long> recent = rows.events(10_000, 2, T0);
      store.record(deliveries(recent), T0.plusSeconds(86_400));

      int pruned = store.pruneDelivered(T0.plusSeconds(3_600));

      assertThat(pruned).as("more than one batch of delivered rows").isEqualTo(5_000);
      assertThat(rows.count("delivered")).isEqualTo(2);
      assertThat(rows.count("pending")).isEqualTo(2);
      assertThat(rows.count("dead")).isEqualTo(1);

      assertThat(store.pruneDead(T0.minusSeconds(1))).isZero();
      assertThat(store.pruneDead(T0.plusSeconds(1))).isEqualTo(1);
      assertThat(rows.count("dead")).isZero();
      assertThat(rows.count("pending")).isEqualTo(2);
    }
  }

  private static List<AttemptRecord> deliveries(List<Long> ids) {
    List<AttemptRecord> out = new ArrayList<>();
    ids.forEach(
        id ->
            out.add(
                new AttemptRecord(
                    id,
                    "evt:" + id,
                    DeliveryClass.ALARM,
                    AttemptRecord.Outcome.DELIVERED,
                    201,
                    null,
                    null,
                    5)));
    return out;
  }
}
