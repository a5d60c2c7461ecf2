package io.chektbridge.daemon.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * A rendered row is judged on its tree, a hand-made one on its text: both must reach the same
 * verdict for every body, or a row could be sent by one path and dead-lettered by the other.
 */
class OutboxRowVerdictTest {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final Instant AT = Instant.parse("2026-12-05T08:00:00Z");

  /** Ways to break (or keep) a body; index 0 keeps it whole. */
  private static final List<Consumer<ObjectNode>> EDITS =
      List.of(
          b -> {},
          b -> b.remove("event_id"),
          b -> b.put("event_type", "burglary"),
          b -> b.put("event_time", "2026-12-05 08:00:00"),
          b -> b.put("event_time", "2026-12-05T08:00:00+01:00"),
          b -> b.putNull("event_time"),
          b -> b.put("pin", "1234"),
          b -> b.put("user_code", 1234),
          b -> b.remove("state"),
          b -> b.put("state", "armed"),
          b -> b.put("source", "telepathy"),
          b -> b.put("source", "keypad"),
          b -> b.putNull("user_id"),
          b -> b.put("timestamp", "yesterday"),
          b -> b.put("exit_delay_seconds", -1),
          b -> b.put("exit_delay_seconds", "30"),
          b -> b.remove("target_mode"),
          b -> b.put("reason", "open_zone"),
          b -> b.putArray("zones"),
          b -> b.put("partition", ""));

  @Test
  void theTreeAndTheTextOfEveryBodyGetTheSameVerdict() {
    Random random = new Random(14);
    int refused = 0;
    for (int i = 0; i < 2000; i++) {
      OutboxKind kind = random.nextBoolean() ? OutboxKind.ARMING : OutboxKind.EVENT;
      ObjectNode body = kind == OutboxKind.ARMING ? arming(random) : event();
      for (int e = random.nextInt(3); e > 0; e--) {
        EDITS.get(random.nextInt(EDITS.size())).accept(body);
      }
      String key = random.nextInt(50) == 0 ? "" : "k" + i;
      OutboxRow rendered = OutboxRow.rendered(kind, key, body, null, AT, DeliveryClass.ALARM);
      OutboxRow fromText = new OutboxRow(kind, key, rendered.body(), null, AT, DeliveryClass.ALARM);

      assertThat(rendered.refusal()).as(rendered.body()).isEqualTo(fromText.refusal());
      refused += rendered.refusal() == null ? 0 : 1;
    }
    // the generator must exercise both verdicts, or the comparison says little
    assertThat(refused).isBetween(400, 1600);
  }

  @Test
  void aPinNeverLeavesTheBridge() {
    ObjectNode body = event().put("pin", "1234");
    OutboxRow row =
        OutboxRow.rendered(OutboxKind.EVENT, "evt:s:1", body, 1L, AT, DeliveryClass.ALARM);

    assertThat(row.refusal())
        .isEqualTo(
            "not sent, breaks the cloud contract: body holds 'pin': PINs and user codes never "
                + "leave the bridge");
  }

  @Test
  void aBodyThatIsNotJsonIsRefusedWithTheParsersWords() {
    OutboxRow row = new OutboxRow(OutboxKind.EVENT, "k", "{\"event_id\":", 1L, AT, null);

    assertThat(row.refusal()).startsWith("not sent, breaks the cloud contract: body is not JSON (");
  }

  private static ObjectNode arming(Random random) {
    ObjectNode b = JSON.objectNode();
    String state =
        List.of("disarmed", "arming_in_progress", "armed_away", "entry_delay", "arm_failure")
            .get(random.nextInt(5));
    b.put("state", state);
    b.put("partition", "1");
    b.put("timestamp", "2026-12-05T08:00:00.123Z");
    b.put("user_id", "7");
    b.put("source", random.nextBoolean() ? "panel" : "keypad");
    switch (state) {
      case "arming_in_progress" -> b.put("target_mode", "away").put("exit_delay_seconds", 30L);
      case "entry_delay" -> b.put("entry_delay_seconds", 15L);
      case "arm_failure" -> {
        b.put("reason", "trouble");
        b.putArray("zones").addObject().put("zone_number", 3).put("zone_name", "Hall");
      }
      default -> {}
    }
    return b;
  }

  private static ObjectNode event() {
    ObjectNode b = JSON.objectNode();
    b.put("event_id", "abc-1");
    b.put("event_type", "alarm");
    b.put("event_time", "2026-12-05T08:00:00Z");
    b.putNull("site_id");
    b.putObject("codes").put("cid", "E130").putNull("sia");
    return b;
  }
}
