package io.chektbridge.daemon.state;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.chektbridge.daemon.config.BridgeConfig.EventMapEntry;
import io.chektbridge.daemon.config.BridgeConfig.Partition;
import io.chektbridge.daemon.status.SiteSections;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every arming mode and delay path of the seed-000 testing requirements, clock-driven. */
class ArmingTransitionsTest {
  @TempDir Path dir;

  private StateHarness house(List<EventMapEntry> map) throws Exception {
    return StateHarness.house(dir, map);
  }

  private StateHarness instantArm() throws Exception {
    Partition noExitDelay = new Partition(1, "House", Duration.ZERO, Duration.ofSeconds(30));
    return new StateHarness(dir, List.of(noExitDelay), StateHarness.houseZones(1), List.of());
  }

  @Test
  void stayAndNightArmAndDisarmFromEachMode() throws Exception {
    try (StateHarness h = instantArm()) {
      h.cid("R441", 1, null, 2);
      assertThat(h.partition(1).state()).isEqualTo(PartitionState.ARMED_STAY);
      h.cid("E441", 1, null, 2);
      assertThat(h.partition(1).state()).isEqualTo(PartitionState.DISARMED);
      h.sia("NL", 'R', 1, null, 4, "opening_closing");
      assertThat(h.partition(1).state()).isEqualTo(PartitionState.ARMED_NIGHT);
      h.sia("OP", 'E', 1, null, 4, "opening_closing");
      h.sia("CL", 'R', 1, null, 4, "opening_closing");
      assertThat(h.partition(1).state()).isEqualTo(PartitionState.ARMED_AWAY);
      h.sia("OP", 'E', 1, null, 4, "opening_closing");
      assertThat(h.armingStates())
          .containsExactly(
              "all:armed_stay",
              "all:disarmed",
              "all:armed_night",
              "all:disarmed",
              "all:armed_away",
              "all:disarmed");
      assertThat(h.outbox("arming"))
          .allSatisfy(
              r -> {
                assertThat(r.get("source").asText()).isEqualTo("keypad");
                assertThat(r.get("user_id").asText()).isNotEmpty();
                assertThat(r.has("user_code")).isFalse();
              });
    }
  }

  @Test
  void modeChangeWhileArmedIsSentDirectlyAndARepeatIsNotSent() throws Exception {
    try (StateHarness h = instantArm()) {
      h.cid("R441", 1, null, 2);
      h.cid("R441", 1, null, 2);
      h.cid("R401", 1, null, 2);
      assertThat(h.partition(1).state()).isEqualTo(PartitionState.ARMED_AWAY);
      assertThat(h.armingStates()).containsExactly("all:armed_stay", "all:armed_away");
      assertThat(h.audit())
          .extracting(a -> a.entry().outcome())
          .containsExactly(AuditOutcome.CHANGED, AuditOutcome.UNCHANGED, AuditOutcome.CHANGED);
    }
  }

  @Test
  void exitDelayCancelledByDisarmNeverArms() throws Exception {
    try (StateHarness h = house(List.of())) {
      h.cid("R401", 1, null, 3);
      h.advance(Duration.ofSeconds(20));
      h.cid("E401", 1, null, 3);
      h.advance(Duration.ofMinutes(2));
      assertThat(h.partition(1).state()).isEqualTo(PartitionState.DISARMED);
      assertThat(h.armingStates()).containsExactly("all:arming_in_progress", "all:disarmed");
    }
  }

  @Test
  void entryDelayExpiryReturnsToArmedAndTheAuditSaysWhy() throws Exception {
    try (StateHarness h =
        house(List.of(new EventMapEntry("CID E751", Meaning.ENTRY_DELAY_START)))) {
      h.cid("R441", 1, null, 3);
      h.advance(Duration.ofSeconds(60));
      h.cid("E751", 1, null, null);
      assertThat(h.partition(1).state()).isEqualTo(PartitionState.ENTRY_DELAY);
      h.advance(Duration.ofSeconds(30));
      assertThat(h.partition(1).state()).isEqualTo(PartitionState.ARMED_STAY);
      assertThat(h.armingStates())
          .containsExactly(
              "all:arming_in_progress", "all:armed_stay", "all:entry_delay", "all:armed_stay");
      JsonNode back = h.outbox("arming").get(3);
      assertThat(back.get("user_id").asText())
          .as("the follow-on repeats the arming user")
          .isEqualTo("3");
      assertThat(back.get("source").asText()).isEqualTo("panel");
      StateStore.AuditRecord last = h.audit().get(h.audit().size() - 1);
      assertThat(last.entry().outcome()).isEqualTo(AuditOutcome.DELAY_ELAPSED);
      assertThat(last.entry().detail())
          .contains("no disarm and no alarm")
          .contains("the panel, not the bridge, decides alarms");
    }
  }

  @Test
  void alarmDuringEntryDelayIsLocalAndGoesToEventsWithTheCamera() throws Exception {
    try (StateHarness h = house(List.of(new EventMapEntry("CID E750", Meaning.ZONE_OPEN)))) {
      h.cid("R401", 1, null, 3);
      h.advance(Duration.ofSeconds(60));
      h.cid("E750", 1, 5, null);
      h.advance(Duration.ofSeconds(5));
      h.cid("E134", 1, 5, null);
      assertThat(h.partition(1).state()).isEqualTo(PartitionState.ALARM);
      h.advance(Duration.ofMinutes(2));
      assertThat(h.partition(1).state())
          .as("an alarm is not ended by a timer")
          .isEqualTo(PartitionState.ALARM);
      h.cid("E401", 1, null, 3);
      assertThat(h.partition(1).state()).isEqualTo(PartitionState.DISARMED);
      assertThat(h.zone(5).alarmMemory()).isTrue();

      assertThat(h.armingStates())
          .containsExactly(
              "all:arming_in_progress", "all:armed_away", "all:entry_delay", "all:disarmed");
      List<JsonNode> events = h.outbox("event");
      JsonNode alarm =
          events.stream()
              .filter(e -> e.get("event_type").asText().equals("alarm"))
              .findFirst()
              .orElseThrow();
      assertThat(alarm.get("camera_id").asText()).isEqualTo("cam_xyz789");
      assertThat(alarm.get("zone").get("name").asText()).isEqualTo("Back Door");
      assertThat(alarm.get("codes").get("cid").asText()).isEqualTo("E134");
      assertThat(alarm.get("event_subtype").asText()).isEqualTo("intrusion");
      assertThat(alarm.get("partition").asText()).isEqualTo("1");
      assertThat(alarm.get("restore").asBoolean()).isFalse();

      h.cid("R401", 1, null, 3);
      assertThat(h.zone(5).alarmMemory()).as("arming again clears alarm memory").isFalse();
    }
  }

  @Test
  void armStayDuringAnExitDelayForAwayIsSentAsCancelThenStay() throws Exception {
    try (StateHarness h = house(List.of())) {
      h.cid("R401", 1, null, 3);
      h.cid("R441", 1, null, 3);
      assertThat(h.partition(1).state()).isEqualTo(PartitionState.ARMED_STAY);
      assertThat(h.armingStates())
          .containsExactly("all:arming_in_progress", "all:disarmed", "all:armed_stay");
      assertThat(h.outboxRows()).extracting(r -> r[1]).doesNotHaveDuplicates();
    }
  }

  @Test
  void invalidTransitionIsRejectedAuditedAndNeverSent() throws Exception {
    try (StateHarness h =
        house(List.of(new EventMapEntry("CID E751", Meaning.ENTRY_DELAY_START)))) {
      long id = h.cid("E751", 1, null, null);
      assertThat(h.partition(1).state()).isEqualTo(PartitionState.DISARMED);
      assertThat(h.outbox("arming")).isEmpty();
      assertThat(h.audit())
          .singleElement()
          .satisfies(
              a -> {
                assertThat(a.entry().outcome()).isEqualTo(AuditOutcome.REJECTED);
                assertThat(a.entry().panelEventId()).isEqualTo(id);
                assertThat(a.entry().detail()).contains("cannot start while disarmed");
              });
      assertThat(h.metrics.render()).contains("chekt_bridge_state_rejected_total 1");
    }
  }

  @Test
  void explicitExitDelayReportIsEndedByTheClosingReport() throws Exception {
    try (StateHarness h = house(List.of(new EventMapEntry("CID E752", Meaning.EXIT_DELAY_START)))) {
      h.cid("E752", 1, null, 6);
      assertThat(h.partition(1).state()).isEqualTo(PartitionState.ARMING_IN_PROGRESS);
      h.advance(Duration.ofSeconds(45));
      h.cid("R401", 1, null, null);
      assertThat(h.partition(1).state()).isEqualTo(PartitionState.ARMED_AWAY);
      assertThat(h.partition(1).user()).as("the user who started the exit delay").isEqualTo(6);
      h.advance(Duration.ofMinutes(1));
      assertThat(h.armingStates()).containsExactly("all:arming_in_progress", "all:armed_away");
    }
  }

  @Test
  void badCodeIsAnArmFailureWithInvalidUserCode() throws Exception {
    try (StateHarness h = house(List.of())) {
      h.cid("E461", 1, null, null);
      JsonNode r = h.outbox("arming").get(0);
      assertThat(r.get("state").asText()).isEqualTo("arm_failure");
      assertThat(r.get("reason").asText()).isEqualTo("invalid_user_code");
      assertThat(r.get("source").asText()).isEqualTo("panel");
    }
  }

  @Test
  void stateAndRunningDelayAreRestoredAfterARestartAndAPassedDeadlineResolvesAtOnce()
      throws Exception {
    try (StateHarness h = house(List.of())) {
      h.cid("R401", 1, null, 3);
      h.cid("E130", 1, 7, null);
      h.cid("R130", 1, 7, null);
      h.restart();
      assertThat(h.partition(1).state()).isEqualTo(PartitionState.ALARM);
      h.cid("E401", 1, null, 3);
      h.cid("R401", 1, null, 9);
      h.engine.close();
      h.clock.advance(Duration.ofMinutes(10));
      h.restart();
      assertThat(h.partition(1).state()).isEqualTo(PartitionState.ARMED_AWAY);
      assertThat(h.zone(7).alarmMemory()).isFalse();
      JsonNode armed = h.outbox("arming").get(h.outbox("arming").size() - 1);
      assertThat(armed.get("state").asText()).isEqualTo("armed_away");
      assertThat(armed.get("timestamp").asText())
          .as("when the delay really ended")
          .isEqualTo("2026-01-15T10:01:00Z");
      assertThat(armed.get("user_id").asText()).isEqualTo("9");
    }
  }

  @Test
  void eventsStoredWhileTheEngineWasDownAreAppliedOnceFromTheCursor() throws Exception {
    try (StateHarness h = house(List.of())) {
      h.cid("R441", 1, null, 3);
      h.engine.close();
      PanelEventRow.contactId(h.clock.instant(), "E130", 1, 7, null).insertInto(h.db);
      h.restart();
      h.restart();
      assertThat(h.outbox("event")).hasSize(1);
      assertThat(h.partition(1).state()).isEqualTo(PartitionState.ALARM);
    }
  }

  @Test
  void firstArmingReportAfterThePanelLinkCameBackIsABaseline() throws Exception {
    try (StateHarness h = house(List.of())) {
      h.cid("E356", null, null, null);
      assertThat(h.engine.snapshot().troubles()).containsKey("link_lost");
      h.advance(Duration.ofHours(1));
      h.cid("R356", null, null, null);
      h.cid("R401", 1, null, 3);
      assertThat(h.partition(1).state())
          .as("armed while the link was down: no exit delay")
          .isEqualTo(PartitionState.ARMED_AWAY);
      assertThat(h.audit().get(h.audit().size() - 1).entry().outcome())
          .isEqualTo(AuditOutcome.BASELINE);
      h.cid("E401", 1, null, 3);
      h.cid("R401", 1, null, 3);
      assertThat(h.partition(1).state())
          .as("later reports are changes again")
          .isEqualTo(PartitionState.ARMING_IN_PROGRESS);
      assertThat(h.engine.snapshot().troubles()).isEmpty();
    }
  }

  @Test
  void unmappedZoneIsStoredDeliveredAndFlagged() throws Exception {
    try (StateHarness h = house(List.of())) {
      h.cid("E130", 1, 42, null);
      assertThat(h.zone(42).state()).isEqualTo(ZoneState.ALARM);
      assertThat(SiteSections.zones(h.engine.snapshot(), h.engine.layout()))
          .filteredOn(z -> z.get("number").equals(42))
          .singleElement()
          .satisfies(
              z -> {
                assertThat(z.get("mapped")).isEqualTo(false);
                assertThat(z.get("name")).isEqualTo("Zone 42");
                assertThat(z.get("type")).isNull();
              });
      JsonNode e = h.outbox("event").get(0);
      assertThat(e.get("zone").get("number").asInt()).isEqualTo(42);
      assertThat(e.get("camera_id").isNull()).isTrue();
    }
  }

  @Test
  void bypassTamperAndSensorBatteryShowOnTheZone() throws Exception {
    try (StateHarness h = house(List.of())) {
      h.cid("E570", 1, 7, 3);
      assertThat(h.zone(7).shownState()).isEqualTo(ZoneState.BYPASSED);
      h.cid("R570", 1, 7, 3);
      assertThat(h.zone(7).shownState()).isEqualTo(ZoneState.UNKNOWN);
      h.cid("E384", 1, 7, null);
      assertThat(h.zone(7).state()).isEqualTo(ZoneState.LOW_BATTERY);
      h.sia("TA", 'E', 1, 3, null, "tamper");
      assertThat(h.zone(3).state()).isEqualTo(ZoneState.TAMPER);
      h.cid("E301", null, null, null);
      assertThat(h.engine.snapshot().troubles()).containsKey("ac");
      h.sia("AR", 'R', null, null, null, "trouble");
      assertThat(h.engine.snapshot().troubles()).doesNotContainKey("ac");
      assertThat(h.outbox("arming")).isEmpty();
      assertThat(h.outbox("event"))
          .extracting(e -> e.get("event_type").asText())
          .containsExactly("arming", "arming", "trouble", "alarm", "trouble", "trouble");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"Asia/Seoul", "America/New_York", "UTC"})
  void timestampsLeaveInUtcWhateverTheHostAndPanelTimeZone(String hostZone) throws Exception {
    TimeZone saved = TimeZone.getDefault();
    TimeZone.setDefault(TimeZone.getTimeZone(hostZone));
    try (StateHarness h = house(List.of())) {
      Instant panelTime = java.time.OffsetDateTime.parse("2026-01-15T02:00:00-08:00").toInstant();
      PanelEventRow.contactId(h.clock.instant(), "R401", 1, null, 3)
          .insertInto(h.db, "serial:/dev/ttyUSB0", panelTime);
      h.engine.committed(Long.MAX_VALUE);
      h.thread.runPending();
      h.advance(Duration.ofSeconds(60));
      assertThat(h.outbox("arming"))
          .extracting(r -> r.get("timestamp").asText())
          .containsExactly("2026-01-15T10:00:00Z", "2026-01-15T10:01:00Z");
      assertThat(h.partition(1).delayEnds()).isNull();
      assertThat(h.audit())
          .extracting(a -> a.entry().at().toString())
          .containsExactly("2026-01-15T10:00:00Z", "2026-01-15T10:01:00Z");
    } finally {
      TimeZone.setDefault(saved);
    }
  }
}
