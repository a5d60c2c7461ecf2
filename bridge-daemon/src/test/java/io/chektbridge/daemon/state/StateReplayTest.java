package io.chektbridge.daemon.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.chektbridge.daemon.ops.AlertKind;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A panel event applied a second time (its outbox row kept but the state cursor not: a crash that
 * kept half a transaction, or a commit whose disk sync failed) is queued once, and the state
 * machine goes on; before, the outbox's unique key stopped it for good and nothing after reached
 * the cloud.
 */
class StateReplayTest {
  @TempDir Path dir;

  @Test
  void anEventReplayedFromAnOlderCursorIsNotQueuedTwiceAndLaterEventsStillFlow() throws Exception {
    try (StateHarness h = StateHarness.house(dir)) {
      long first = h.cid("E130", 1, 7, null);
      h.db.execute("UPDATE state_cursor SET last_event_id = " + (first - 1));
      h.restart();

      h.cid("E130", 1, 3, null);

      assertThat(h.outbox("event"))
          .extracting(e -> e.get("zone").get("number").asInt())
          .containsExactly(7, 3);
      assertThat(h.alerts.isActive(AlertKind.STORAGE_FAILED)).isFalse();
      assertThat(h.engine.snapshot().cursor()).isEqualTo(first + 1);
    }
  }
}
