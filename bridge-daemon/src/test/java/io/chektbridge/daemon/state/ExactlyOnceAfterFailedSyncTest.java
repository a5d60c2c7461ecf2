package io.chektbridge.daemon.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.chektbridge.daemon.store.Database;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Applying a state batch is idempotent: when its commit lands but the disk sync after it throws,
 * the engine does not apply the batch again, and a batch applied again would queue nothing new
 * anyway (keys come from the panel event, not from this write).
 */
class ExactlyOnceAfterFailedSyncTest {
  @TempDir Path dir;

  /**
   * Commits for real, then fails the next {@code failures} transactions as a failed fsync would.
   */
  private static StateStore failingAfterCommit(Database db, AtomicInteger failures) {
    return new StateStore(
        db,
        new StateStore.Transactions() {
          @Override
          public <T> T run(Database.Work<T> work) throws SQLException {
            T result = db.inTransaction(work);
            if (failures.getAndDecrement() > 0) {
              throw new SQLException(
                  "committed, but syncing the data file to disk failed: injected", "58030");
            }
            return result;
          }
        });
  }

  @Test
  void aBatchWhoseCommitLandedButWhoseSyncThrewIsNotQueuedTwice() throws Exception {
    try (StateHarness h = StateHarness.house(dir)) {
      AtomicInteger failures = new AtomicInteger();
      h.stores = db -> failingAfterCommit(db, failures);
      h.restart();
      failures.set(1);
      h.cid("R401", 1, null, 2);
      h.advance(Duration.ofSeconds(120));
      h.cid("E130", 1, 7, null);

      assertThat(h.outboxRows()).extracting(r -> r[1]).doesNotHaveDuplicates();
      assertThat(h.armingStates()).containsExactly("all:arming_in_progress", "all:armed_away");
      assertThat(h.outbox("event")).hasSize(1);
      assertThat(h.audit()).extracting(StateStore.AuditRecord::entry).doesNotHaveDuplicates();
      assertThat(h.partition(1).state().wireName()).isEqualTo("alarm");
    }
  }

  @Test
  void theSameBatchAppliedTwiceRendersTheSameKeys() throws Exception {
    try (StateHarness h = StateHarness.house(dir)) {
      h.cid("R401", 1, null, 2);
      h.advance(Duration.ofSeconds(120));
      var first = h.outboxRows();
      // a crash that kept the outbox rows but not the cursor: the same events are applied again
      h.db.execute("UPDATE state_cursor SET last_event_id = 0");
      h.db.execute("DELETE FROM partition_state");
      h.restart();
      h.advance(Duration.ofSeconds(120));
      assertThat(h.outboxRows())
          .extracting(r -> r[1])
          .containsExactlyElementsOf(first.stream().map(r -> r[1]).toList());
    }
  }

  @Test
  void aReplayedBatchQueuesTheRowsMissingAfterTheOnesAlreadyQueued() throws Exception {
    try (StateHarness h = StateHarness.house(dir)) {
      h.cid("E130", 1, 7, null);
      h.cid("E131", 1, 8, null);
      h.cid("E132", 1, 9, null);
      var first = h.outboxRows();
      // a crash that kept the older outbox rows but neither the newest one nor the cursor: the
      // replay's one transaction meets queued keys first, then the missing one
      h.db.execute("DELETE FROM outbox WHERE id = (SELECT MAX(id) FROM outbox)");
      h.db.execute("UPDATE state_cursor SET last_event_id = 0");
      h.db.execute("DELETE FROM partition_state");
      h.db.execute("DELETE FROM zone_state");
      h.restart();
      h.advance(Duration.ofSeconds(1));
      assertThat(first).hasSizeGreaterThanOrEqualTo(3);
      assertThat(h.outboxRows())
          .extracting(r -> r[1])
          .containsExactlyElementsOf(first.stream().map(r -> r[1]).toList());
    }
  }
}
