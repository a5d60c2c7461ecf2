package io.chektbridge.daemon.state;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.chektbridge.daemon.config.BridgeConfig.EventMapEntry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 9: the host's wall clock is stepped (NTP after a boot without RTC, an admin) while an exit
 * or entry delay runs. The delay must still last its configured time of elapsed time, while the
 * timestamps that leave the bridge follow the new wall clock.
 */
class DelaysAcrossClockStepsTest {
  private static final List<EventMapEntry> ENTRY_CODE =
      List.of(new EventMapEntry("CID E751", Meaning.ENTRY_DELAY_START));

  @TempDir Path dir;

  /** The seed-000 house (60 s exit, 30 s entry delay) whose panel reports entry delays as E751. */
  private StateHarness house() throws Exception {
    return StateHarness.house(dir, ENTRY_CODE);
  }

  /** Armed stay (60 s exit delay over), then the panel reports an entry delay (30 s). */
  private static Instant armStayAndStartEntryDelay(StateHarness h) throws Exception {
    h.cid("R441", 1, null, 3);
    h.advance(Duration.ofSeconds(60));
    assertThat(h.partition(1).state()).isEqualTo(PartitionState.ARMED_STAY);
    h.cid("E751", 1, null, null);
    assertThat(h.partition(1).state()).isEqualTo(PartitionState.ENTRY_DELAY);
    return h.clock.instant();
  }

  @ParameterizedTest
  @ValueSource(strings = {"PT1H", "-PT1H", "P1D", "-P1D"})
  void anEntryDelayOf30sEndsAfter30sElapsedWhateverTheWallClockDoesInBetween(String stepText)
      throws Exception {
    Duration step = Duration.parse(stepText);
    try (StateHarness h = house()) {
      Instant started = armStayAndStartEntryDelay(h);
      h.advance(Duration.ofSeconds(10));
      h.clock.stepWallClock(step);
      h.advance(Duration.ofSeconds(19));
      assertThat(h.partition(1).state()).as("29 s elapsed").isEqualTo(PartitionState.ENTRY_DELAY);
      assertThat(h.partition(1).delayEnds())
          .as("the deadline moved with the step")
          .isEqualTo(started.plus(step).plusSeconds(30));
      h.advance(Duration.ofSeconds(1));
      assertThat(h.partition(1).state()).as("30 s elapsed").isEqualTo(PartitionState.ARMED_STAY);

      StateStore.AuditRecord elapsed = h.audit().get(h.audit().size() - 1);
      assertThat(elapsed.entry().outcome()).isEqualTo(AuditOutcome.DELAY_ELAPSED);
      assertThat(elapsed.entry().at())
          .as("audit time on the stepped wall clock")
          .isEqualTo(h.clock.instant());
      assertThat(h.armingStates())
          .containsExactly(
              "all:arming_in_progress", "all:armed_stay", "all:entry_delay", "all:armed_stay");
      assertCloudTimestampsAreUtcAndNeverGoBack(h);
    }
  }

  @Test
  void aStepRightBeforeTheDeadlineIsCaughtWhenTheTimerFires() throws Exception {
    try (StateHarness h = house()) {
      armStayAndStartEntryDelay(h);
      h.advance(Duration.ofMillis(29_900));
      h.clock.stepWallClock(Duration.ofHours(-1));
      h.advance(Duration.ofMillis(100));
      assertThat(h.partition(1).state()).isEqualTo(PartitionState.ARMED_STAY);
      assertThat(h.partition(1).delayEnds()).isNull();
    }
  }

  @Test
  void anExitDelayIsNotStretchedByTheClockGoingBack() throws Exception {
    try (StateHarness h = StateHarness.house(dir)) {
      h.cid("R401", 1, null, 3);
      h.advance(Duration.ofSeconds(30));
      h.clock.stepWallClock(Duration.ofHours(-1));
      h.advance(Duration.ofSeconds(29));
      assertThat(h.partition(1).state()).isEqualTo(PartitionState.ARMING_IN_PROGRESS);
      h.advance(Duration.ofSeconds(1));
      assertThat(h.partition(1).state())
          .as("60 s elapsed, not 1 h")
          .isEqualTo(PartitionState.ARMED_AWAY);
    }
  }

  @Test
  void aDisarmRightAfterTheClockJumpsAheadIsStillWithinTheEntryDelay() throws Exception {
    try (StateHarness h = house()) {
      armStayAndStartEntryDelay(h);
      h.advance(Duration.ofSeconds(5));
      h.clock.stepWallClock(Duration.ofDays(1));
      h.cid("E441", 1, null, 3);

      assertThat(h.partition(1).state()).isEqualTo(PartitionState.DISARMED);
      assertThat(h.audit())
          .extracting(a -> a.entry().outcome())
          .as("only the exit delay elapsed")
          .containsExactly(
              AuditOutcome.CHANGED,
              AuditOutcome.DELAY_ELAPSED,
              AuditOutcome.CHANGED,
              AuditOutcome.CHANGED);
      assertThat(h.armingStates())
          .containsExactly(
              "all:arming_in_progress", "all:armed_stay", "all:entry_delay", "all:disarmed");
      JsonNode disarmed = h.outbox("arming").get(3);
      assertThat(disarmed.get("timestamp").asText())
          .as("the new wall time")
          .isEqualTo(h.clock.instant().toString());
    }
  }

  @Test
  void aDelayStoredBeforeARestartOnAStaleClockLastsAtMostItsConfiguredLength() throws Exception {
    try (StateHarness h = house()) {
      armStayAndStartEntryDelay(h);
      h.engine.close();
      // The box reboots without RTC: its clock comes back an hour behind.
      h.clock.advance(Duration.ofSeconds(20));
      h.clock.stepWallClock(Duration.ofHours(-1));
      h.restart();
      assertThat(h.partition(1).delayEnds())
          .as("capped at now + entry_delay, not an hour away")
          .isEqualTo(h.clock.instant().plusSeconds(30));
      h.advance(Duration.ofSeconds(30));
      assertThat(h.partition(1).state()).isEqualTo(PartitionState.ARMED_STAY);
    }
  }

  @Test
  void eventTimestampsFollowTheSteppedWallClockInUtc() throws Exception {
    try (StateHarness h = StateHarness.house(dir)) {
      h.cid("E130", 1, 7, null);
      h.clock.stepWallClock(Duration.ofDays(1));
      h.cid("R130", 1, 7, null);
      h.clock.stepWallClock(Duration.ofHours(-2));
      h.cid("E130", 1, 7, null);
      assertThat(h.outbox("event"))
          .extracting(e -> e.get("event_time").asText())
          .containsExactly("2026-01-15T10:00:00Z", "2026-01-16T10:00:00Z", "2026-01-16T08:00:00Z");
      assertThat(h.audit())
          .as("zone and partition line of each")
          .extracting(a -> a.entry().at().toString())
          .containsExactly(
              "2026-01-15T10:00:00Z",
              "2026-01-15T10:00:00Z",
              "2026-01-16T10:00:00Z",
              "2026-01-16T10:00:00Z",
              "2026-01-16T08:00:00Z",
              "2026-01-16T08:00:00Z");
    }
  }

  /**
   * Arming timestamps are UTC and, per partition, never earlier than the last one sent (the cloud's
   * 409 StaleState).
   */
  private static void assertCloudTimestampsAreUtcAndNeverGoBack(StateHarness h) throws Exception {
    Instant previous = Instant.MIN;
    for (JsonNode r : h.outbox("arming")) {
      String ts = r.get("timestamp").asText();
      assertThat(ts).endsWith("Z");
      Instant t = Instant.parse(ts);
      assertThat(t).isAfterOrEqualTo(previous);
      previous = t;
    }
  }
}
