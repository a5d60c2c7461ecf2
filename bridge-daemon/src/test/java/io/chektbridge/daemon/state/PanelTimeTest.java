package io.chektbridge.daemon.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CHeKT API contract §11 item 44: an event's time is the panel's where the frame carries one,
 * else the receive time.
 */
class PanelTimeTest {
  @TempDir Path dir;

  @Test
  void eventTimeIsThePanelsTimestampWhenTheFrameHadOneAndTheReceiveTimeOtherwise()
      throws Exception {
    try (StateHarness h = StateHarness.house(dir)) {
      Instant panel = StateHarness.T0.minusSeconds(17);
      long stamped =
          PanelEventRow.sia(StateHarness.T0, "BA", 'E', 1, 5, null, "alarm")
              .insertInto(h.db, PanelEventRow.DC09_LINK, panel);
      h.engine.committed(stamped);
      h.thread.runPending();
      h.sia("BA", 'E', 1, 7, null, "alarm");

      assertThat(h.outbox("event"))
          .extracting(e -> e.get("event_time").asText())
          .containsExactly("2026-01-15T09:59:43Z", StateHarness.T0.toString());
    }
  }
}
