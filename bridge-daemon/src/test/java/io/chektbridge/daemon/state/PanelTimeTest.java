package io.chektbridge.daemon.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CHeKT API contract §11 item 44: an event's or arming record's time is the panel's where the
 * frame carries one, else the receive time; an arming record is never earlier than the last one of
 * its partition.
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

  @Test
  void armingTimestampIsThePanelsTimeClampedForwardToThePartitionsLastRecord() throws Exception {
    try (StateHarness h = StateHarness.house(dir)) {
      // arming at 09:59:43 by the panel's clock, received at 10:00:00
      openingClosing(h, 'R', StateHarness.T0.minusSeconds(17));
      h.advance(Duration.ofSeconds(5));
      // a disarm whose panel time lies before the arming it follows (frames out of order)
      openingClosing(h, 'E', StateHarness.T0.minusSeconds(30));
      h.advance(Duration.ofSeconds(5));
      // no panel time in the frame: the receive time
      h.sia("CL", 'R', 1, null, 4, "opening_closing");

      assertThat(h.outbox("arming"))
          .extracting(r -> r.get("state").asText() + " " + r.get("timestamp").asText())
          .containsExactly(
              "arming_in_progress 2026-01-15T09:59:43Z",
              "disarmed 2026-01-15T09:59:43Z",
              "arming_in_progress 2026-01-15T10:00:10Z");
    }
  }

  /** A SIA closing (R: arm) or opening (E: disarm) by user 4, with the panel's own time. */
  private static void openingClosing(StateHarness h, char qualifier, Instant panel)
      throws Exception {
    String code = qualifier == 'R' ? "CL" : "OP";
    long id =
        PanelEventRow.sia(h.clock.instant(), code, qualifier, 1, null, 4, "opening_closing")
            .insertInto(h.db, PanelEventRow.DC09_LINK, panel);
    h.engine.committed(id);
    h.thread.runPending();
  }
}
