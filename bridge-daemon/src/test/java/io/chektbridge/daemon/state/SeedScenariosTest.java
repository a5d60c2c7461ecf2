package io.chektbridge.daemon.state;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The three scenarios of seed 000 ("The Arming Experience"), panel_event rows → state, audit,
 * outbox.
 */
class SeedScenariosTest {
  @TempDir Path dir;

  /**
   * Scenario 1: the user arms, zone 5 (Back Door) is open → arm_failure naming it; the partition
   * stays disarmed.
   */
  @Test
  void armWithBackDoorOpenIsAnArmFailureNamingTheZone() throws Exception {
    try (StateHarness h = StateHarness.house(dir)) {
      long id = h.cid("E374", 1, 5, 3);

      assertThat(h.partition(1).state()).isEqualTo(PartitionState.DISARMED);
      assertThat(h.zone(5).state()).isEqualTo(ZoneState.OPEN);
      List<JsonNode> arming = h.outbox("arming");
      assertThat(arming).hasSize(1);
      JsonNode r = arming.get(0);
      assertThat(r.get("state").asText()).isEqualTo("arm_failure");
      assertThat(r.get("reason").asText()).isEqualTo("open_zone");
      assertThat(r.get("partition").asText()).isEqualTo("all");
      assertThat(r.get("zones")).hasSize(1);
      assertThat(r.get("zones").get(0).toString())
          .isEqualTo("{\"zone_number\":5,\"zone_name\":\"Back Door\",\"status\":\"open\"}");
      assertThat(r.get("timestamp").asText()).isEqualTo("2026-01-15T10:00:00Z");
      assertThat(h.outbox("event"))
          .as("an arming outcome goes to the arming endpoint only")
          .isEmpty();
      assertThat(h.audit())
          .anySatisfy(
              a -> {
                assertThat(a.entry().panelEventId()).isEqualTo(id);
                assertThat(a.entry().outcome()).isEqualTo(AuditOutcome.ARM_FAILURE);
                assertThat(a.entry().from()).isEqualTo("disarmed");
                assertThat(a.entry().to()).isEqualTo("disarmed");
              });
    }
  }

  /**
   * Scenario 1 with a panel whose failure report names no zone: the zones the bridge knows are open
   * are named.
   */
  @Test
  void armFailureWithoutZoneNamesTheKnownOpenZones() throws Exception {
    try (StateHarness h = StateHarness.house(dir, StateHarness.E750_ZONE_OPEN)) {
      h.cid("E750", 1, 5, null);
      h.cid("E454", 1, null, 3);

      JsonNode r = h.outbox("arming").get(0);
      assertThat(r.get("state").asText()).isEqualTo("arm_failure");
      assertThat(r.get("reason").asText()).isEqualTo("open_zone");
      assertThat(r.get("zones").get(0).get("zone_name").asText()).isEqualTo("Back Door");
      assertThat(r.get("user_id").asText()).isEqualTo("3");
      assertThat(h.partition(1).state()).isEqualTo(PartitionState.DISARMED);
    }
  }

  /**
   * Scenario 2: arm away → arming_in_progress (60 s, user kept) → armed_away with the same user.
   */
  @Test
  void armAwayRunsTheExitDelayThenArmsWithTheSameUser() throws Exception {
    try (StateHarness h = StateHarness.house(dir)) {
      h.cid("R401", 1, null, 3);

      PartitionSnapshot p = h.partition(1);
      assertThat(p.state()).isEqualTo(PartitionState.ARMING_IN_PROGRESS);
      assertThat(p.targetMode()).isEqualTo(ArmingMode.AWAY);
      assertThat(p.user()).isEqualTo(3);
      assertThat(p.delayEnds()).isEqualTo(StateHarness.T0.plusSeconds(60));

      h.advance(Duration.ofSeconds(59));
      assertThat(h.partition(1).state()).isEqualTo(PartitionState.ARMING_IN_PROGRESS);
      h.advance(Duration.ofSeconds(1));
      assertThat(h.partition(1).state()).isEqualTo(PartitionState.ARMED_AWAY);

      List<JsonNode> arming = h.outbox("arming");
      assertThat(arming).hasSize(2);
      assertThat(arming.get(0).toString())
          .isEqualTo(
              "{\"state\":\"arming_in_progress\",\"partition\":\"all\","
                  + "\"timestamp\":\"2026-01-15T10:00:00Z\",\"user_id\":\"3\",\"source\":\"keypad\",\"target_mode\":\"away\","
                  + "\"exit_delay_seconds\":60}");
      assertThat(arming.get(1).get("state").asText()).isEqualTo("armed_away");
      assertThat(arming.get(1).get("user_id").asText()).isEqualTo("3");
      assertThat(arming.get(1).get("timestamp").asText()).isEqualTo("2026-01-15T10:01:00Z");
      assertThat(h.audit())
          .extracting(a -> a.entry().outcome())
          .containsSubsequence(AuditOutcome.CHANGED, AuditOutcome.DELAY_ELAPSED);
    }
  }

  /**
   * Scenario 3: armed away → front door opens → entry_delay (30 s) → code entered → disarmed; the
   * countdown is cancelled.
   */
  @Test
  void disarmDuringEntryDelayCancelsTheCountdown() throws Exception {
    try (StateHarness h = StateHarness.house(dir, StateHarness.E750_ZONE_OPEN)) {
      h.cid("R401", 1, null, 3);
      h.advance(Duration.ofSeconds(60));
      assertThat(h.partition(1).state()).isEqualTo(PartitionState.ARMED_AWAY);

      h.cid("E750", 1, 3, null);
      assertThat(h.partition(1).state()).isEqualTo(PartitionState.ENTRY_DELAY);
      assertThat(h.partition(1).delayEnds()).isEqualTo(h.clock.instant().plusSeconds(30));

      h.advance(Duration.ofSeconds(12));
      h.cid("E401", 1, null, 3);
      assertThat(h.partition(1).state()).isEqualTo(PartitionState.DISARMED);
      assertThat(h.partition(1).delayEnds()).isNull();
      h.advance(Duration.ofMinutes(5));

      assertThat(h.armingStates())
          .containsExactly(
              "all:arming_in_progress", "all:armed_away", "all:entry_delay", "all:disarmed");
      JsonNode entry = h.outbox("arming").get(2);
      assertThat(entry.get("entry_delay_seconds").asInt()).isEqualTo(30);
      assertThat(entry.get("zones").get(0).get("zone_name").asText()).isEqualTo("Front Door");
      assertThat(h.outbox("arming").get(3).get("user_id").asText()).isEqualTo("3");
      assertThat(h.audit().get(h.audit().size() - 1).entry().detail())
          .contains("countdown cancelled");
    }
  }
}
