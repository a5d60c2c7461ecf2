package io.chektbridge.daemon.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Under a stream of events the engine applies them in batches at most {@code spacing} apart (one
 * commit each) instead of one commit per event; a lone event is applied at once, and the spacing is
 * elapsed time, so a wall clock stepped back cannot hold events up.
 */
class DrainSpacingTest {
  private static final Duration SPACING = Duration.ofMillis(50);

  @TempDir Path dir;

  @Test
  void aLoneEventIsAppliedAtOnceAndEventsRightBehindItWaitForOneSpacingTogether() throws Exception {
    try (StateHarness h = StateHarness.house(dir)) {
      h.engine.drainAtMostEvery(SPACING);
      h.cid("E130", 1, 7, null);
      assertThat(h.outbox("event")).hasSize(1);

      h.cid("E130", 1, 3, null);
      h.cid("E130", 1, 5, null);
      assertThat(h.outbox("event"))
          .as("applied with the next batch, not one commit each")
          .hasSize(1);

      h.advance(SPACING.minusMillis(1));
      assertThat(h.outbox("event")).hasSize(1);
      h.advance(Duration.ofMillis(1));
      assertThat(h.outbox("event"))
          .extracting(e -> e.get("zone").get("number").asInt())
          .containsExactly(7, 3, 5);
    }
  }

  @Test
  void aWallClockSteppedBackAnHourDoesNotHoldTheNextBatchBack() throws Exception {
    try (StateHarness h = StateHarness.house(dir)) {
      h.engine.drainAtMostEvery(SPACING);
      h.cid("E130", 1, 7, null);
      h.clock.stepWallClock(Duration.ofHours(-1));

      h.cid("E130", 1, 3, null);
      h.advance(SPACING);
      assertThat(h.outbox("event"))
          .extracting(e -> e.get("zone").get("number").asInt())
          .containsExactly(7, 3);
    }
  }
}
