package io.chektbridge.daemon.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * After a reconciliation read disagreed, the cloud's word is the base of the next record, and it is
 * stored.
 */
class CloudStateAdoptionTest {
  @TempDir Path dir;

  @Test
  void theCloudsStateReplacesWhatWasLastReportedAndSurvivesARestart() throws Exception {
    try (StateHarness h = StateHarness.house(dir)) {
      h.cid("R401", 1, null, 2);
      h.advance(Duration.ofSeconds(120));
      assertThat(h.engine.reportedToCloud()).containsEntry(1, PartitionState.ARMED_AWAY);

      h.engine.adoptCloudState(Map.of(1, PartitionState.DISARMED));
      h.thread.runPending();
      assertThat(h.engine.reportedToCloud()).containsEntry(1, PartitionState.DISARMED);
      assertThat(h.partition(1).state()).isEqualTo(PartitionState.ARMED_AWAY);

      h.restart();
      assertThat(h.engine.reportedToCloud()).containsEntry(1, PartitionState.DISARMED);
      // the panel arms again from the cloud's disarmed: a valid transition, not a 409
      h.cid("E401", 1, null, 2);
      h.cid("R401", 1, null, 2);
      assertThat(h.armingStates()).last().isEqualTo("all:arming_in_progress");
    }
  }
}
