package io.chektbridge.daemon.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The state engine's 2 s poll is its safety net for events nobody told it of. It reschedules itself
 * after each drain, so a drain that throws must not end it: the chain would be gone until the
 * restart.
 */
class SafetyPollTest {
  @TempDir Path dir;

  @Test
  void aDrainThatThrowsDoesNotEndThePoll() throws Exception {
    try (StateHarness h = StateHarness.house(dir)) {
      AtomicBoolean thrown = new AtomicBoolean();
      h.engine.onStateChanged(
          (before, after) -> {
            if (thrown.compareAndSet(false, true)) {
              throw new IllegalStateException("a state listener failed");
            }
          });
      // stored without telling the engine: only the poll finds these
      PanelEventRow.contactId(h.clock.instant(), "R401", 1, null, 2).insertInto(h.db);
      // the manual state thread has no guard (the daemon's logs and goes on), so the test sees it
      assertThatThrownBy(() -> h.advance(SiteStateEngine.POLL))
          .hasMessage("a state listener failed");
      assertThat(h.partition(1).state()).isEqualTo(PartitionState.ARMING_IN_PROGRESS);

      PanelEventRow.contactId(h.clock.instant(), "E401", 1, null, 2).insertInto(h.db);
      h.advance(SiteStateEngine.POLL);
      assertThat(h.partition(1).state())
          .as("the disarm, found by the next poll")
          .isEqualTo(PartitionState.DISARMED);
    }
  }
}
