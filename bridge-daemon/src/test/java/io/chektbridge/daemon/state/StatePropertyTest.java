package io.chektbridge.daemon.state;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.chektbridge.daemon.config.BridgeConfig;
import io.chektbridge.daemon.config.BridgeConfig.EventMapEntry;
import io.chektbridge.daemon.config.BridgeConfig.Partition;
import io.chektbridge.daemon.config.BridgeConfig.Zone;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random panel event sequences (seeded): every partition stays in a valid state, the arming records
 * written form a sequence the cloud's transition table (the CHeKT API contract §4.2, encoded here
 * independently of {@link ArmingTable}) accepts without a single 409 or no-op, timestamps never go
 * back, and every applied event has an audit line.
 */
class StatePropertyTest {
  private static final String[] CODES = {
    "R401", "R441", "E401", "SNL", "SOP", "E374", "E454", "E461", "E750", "E750", "E751", "E752",
    "E753", "E130", "R130", "E110", "E570", "R570", "E301", "R301", "E356", "R356", "E602", "E999",
    "E144"
  };
  private static final Integer[] PARTITIONS = {null, 0, 1, 1, 2, 2, 3};
  private static final Integer[] ZONES = {null, 3, 5, 7, 11, 42};

  @TempDir Path dir;

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
  void anySequenceKeepsStateValidAndSendsOnlyValidTransitions(long seed) throws Exception {
    Random random = new Random(seed);
    try (StateHarness h =
        new StateHarness(
            dir,
            List.of(
                new Partition(1, "House", Duration.ofSeconds(60), Duration.ofSeconds(30)),
                new Partition(2, "Shop", Duration.ZERO, Duration.ofSeconds(45))),
            List.of(
                new Zone(3, "Front Door", 1, BridgeConfig.ZoneType.ENTRY_EXIT, null),
                new Zone(5, "Back Door", 1, BridgeConfig.ZoneType.ENTRY_EXIT, null),
                new Zone(7, "Hall", 1, BridgeConfig.ZoneType.INTERIOR, null),
                new Zone(11, "Shop Door", 2, BridgeConfig.ZoneType.ENTRY_EXIT, null)),
            List.of(
                new EventMapEntry("CID E750", Meaning.ZONE_OPEN),
                new EventMapEntry("CID E751", Meaning.ENTRY_DELAY_START),
                new EventMapEntry("CID E752", Meaning.EXIT_DELAY_START),
                new EventMapEntry("CID E753", Meaning.ZONE_CLOSE)))) {
      Set<Long> ids = new HashSet<>();
      for (int i = 0; i < 150; i++) {
        String code = CODES[random.nextInt(CODES.length)];
        Integer partition = PARTITIONS[random.nextInt(PARTITIONS.length)];
        Integer zone = ZONES[random.nextInt(ZONES.length)];
        Integer user = random.nextBoolean() ? 1 + random.nextInt(9) : null;
        ids.add(
            code.startsWith("S")
                ? h.sia(
                    code.substring(1),
                    code.equals("SNL") ? 'R' : 'E',
                    partition,
                    null,
                    user,
                    "opening_closing")
                : h.cid(code, partition, zone, user));
        if (random.nextInt(4) == 0 && i % 10 == 0) {
          h.restart();
        }
        h.advance(
            Duration.ofSeconds(random.nextInt(4) == 0 ? random.nextInt(90) : random.nextInt(3)));
        h.engine.snapshot().partitions().values().forEach(StatePropertyTest::assertValid);
      }
      List<JsonNode> arming = h.outbox("arming");
      assertArmingSequenceIsValid(arming);
      assertThat(arming)
          .as("the generator reaches every record state")
          .extracting(r -> r.get("state").asText())
          .contains(
              "arm_failure",
              "arming_in_progress",
              "armed_away",
              "armed_stay",
              "armed_night",
              "entry_delay",
              "disarmed");
      Set<Long> audited = new HashSet<>();
      h.audit().forEach(a -> audited.add(a.entry().panelEventId()));
      assertThat(audited).containsAll(ids);
      assertThat(h.outboxRows()).extracting(r -> r[1]).doesNotHaveDuplicates();
      assertThat(h.engine.snapshot().cursor())
          .isEqualTo(ids.stream().mapToLong(Long::longValue).max().orElseThrow());
    }
  }

  private static void assertValid(PartitionSnapshot p) {
    assertThat(p.cloudState()).isNotEqualTo(PartitionState.ALARM);
    switch (p.state()) {
      case DISARMED -> assertThat(p.delayEnds()).isNull();
      case ARMING_IN_PROGRESS -> {
        assertThat(p.targetMode()).isNotNull();
        assertThat(p.delayEnds()).isNotNull();
        assertThat(Duration.between(p.since(), p.delayEnds()))
            .isLessThanOrEqualTo(Duration.ofSeconds(60));
      }
      case ENTRY_DELAY -> {
        assertThat(p.armedMode()).isNotNull();
        assertThat(p.delayEnds()).isNotNull();
        assertThat(Duration.between(p.since(), p.delayEnds()))
            .isLessThanOrEqualTo(Duration.ofSeconds(45));
      }
      case ARMED_AWAY, ARMED_STAY, ARMED_NIGHT -> {
        assertThat(p.armedMode()).isEqualTo(p.state().mode());
        assertThat(p.delayEnds()).isNull();
      }
      case ALARM -> assertThat(p.delayEnds()).isNull();
    }
  }

  /** The cloud's view per partition: its state and the mode that goes with it. */
  private record Cloud(String state, String mode, Instant time) {}

  private static void assertArmingSequenceIsValid(List<JsonNode> records) {
    Map<String, Cloud> cloud = new HashMap<>();
    for (JsonNode r : records) {
      String label = r.get("partition").asText();
      List<String> targets = label.equals("all") ? List.of("1", "2") : List.of(label);
      Instant time = Instant.parse(r.get("timestamp").asText());
      assertThat(r.get("timestamp").asText()).endsWith("Z");
      for (String p : targets) {
        Cloud before = cloud.getOrDefault(p, new Cloud("disarmed", null, Instant.EPOCH));
        assertThat(time)
            .as("timestamps never go back (409 StaleState)")
            .isAfterOrEqualTo(before.time());
        cloud.put(p, next(before, r, time));
      }
    }
  }

  /** the CHeKT API contract §4.2, written out: anything not listed as ok is a failure here. */
  private static Cloud next(Cloud from, JsonNode r, Instant time) {
    String to = r.get("state").asText();
    String why = from.state() + "(" + from.mode() + ") → " + r;
    boolean armedFrom = from.state().startsWith("armed_");
    String toMode = to.startsWith("armed_") ? to.substring(6) : null;
    switch (to) {
      case "arm_failure" -> {
        assertThat(from.state()).as(why).isIn("disarmed", "arming_in_progress");
        assertThat(r.get("reason").asText()).isIn("open_zone", "invalid_user_code", "other");
        if (r.get("reason").asText().equals("open_zone")) {
          assertThat(r.get("zones")).as("open_zone names zones").isNotEmpty();
        }
        return new Cloud("disarmed", null, time);
      }
      case "disarmed" -> assertThat(from.state()).as(why).isNotEqualTo("disarmed");
      case "arming_in_progress" -> {
        assertThat(from.state()).as(why).isEqualTo("disarmed");
        assertThat(r.get("exit_delay_seconds").asInt()).isPositive();
        return new Cloud(to, r.get("target_mode").asText(), time);
      }
      case "entry_delay" -> {
        assertThat(armedFrom).as(why).isTrue();
        assertThat(r.get("entry_delay_seconds").asInt()).isPositive();
        return new Cloud(to, from.state().substring(6), time);
      }
      default -> {
        assertThat(toMode).as(why).isNotNull();
        switch (from.state()) {
          case "disarmed" -> {}
          case "arming_in_progress", "entry_delay" ->
              assertThat(toMode).as(why).isEqualTo(from.mode());
          default -> assertThat(from.state()).as(why + " (no-op)").isNotEqualTo(to);
        }
        return new Cloud(to, toMode, time);
      }
    }
    return new Cloud(to, null, time);
  }
}
