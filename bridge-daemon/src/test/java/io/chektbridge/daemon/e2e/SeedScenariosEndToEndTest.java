package io.chektbridge.daemon.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chektbridge.daemon.cloud.fake.FakeChektCloud;
import io.chektbridge.daemon.cloud.fake.RecordedRequest;
import io.chektbridge.daemon.config.SecretFiles;
import io.chektbridge.daemon.testing.BridgeYaml;
import io.chektbridge.daemon.testing.InProcessBridge;
import io.chektbridge.daemon.testing.PanelSocket;
import io.chektbridge.sia.Dc09Answer;
import io.chektbridge.sia.Dc09Encoder;
import io.chektbridge.sia.Dc09Token;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The three scenarios of seed 000, end to end: DC-09 frames from a "panel" socket into a running
 * daemon, its state machine, its outbox, cloud sync, and the fake CHeKT cloud's received requests
 * and stored state. The delays are the site's real configuration (exit 3 s, entry 30 s).
 */
class SeedScenariosEndToEndTest {
  private static final String SITE = "site_abc123";
  private static final String API_KEY = "chekt_test_0123456789abcdef0123456789abcdef";
  private final ObjectMapper json = new ObjectMapper();
  private final AtomicInteger seq = new AtomicInteger();

  @TempDir Path dir;

  @RegisterExtension final InProcessBridge bridge = InProcessBridge.startedByTheTest();
  private FakeChektCloud cloud;

  @BeforeEach
  void start() throws Exception {
    cloud = new FakeChektCloud().apiKey(API_KEY).site(SITE, "disarmed");
    Path key = dir.resolve("api-key");
    SecretFiles.write(key, API_KEY);
    bridge.start(
        BridgeYaml.in(dir)
            .cloud(SITE, cloud.baseUrl(), key)
            .timezone("America/Los_Angeles")
            .account("1234")
            .partition(1, "House", "3s", "30s")
            .zone(1, "Front Door", 1, "entry_exit", "camera_id", "cam_front")
            .zone(5, "Back Door", 1, "entry_exit", "camera_id", "cam_xyz789")
            .eventMap("CID E750", "zone_open")
            .eventMap("CID R750", "zone_close"));
  }

  @AfterEach
  void stop() {
    cloud.close();
  }

  @Test
  void scenario1ArmWithBackDoorOpenIsAnArmFailureAndStaysDisarmed() throws Exception {
    panel("1750 01 005"); // Back Door opens (installer-mapped zone report)
    panel("1374 01 005"); // exit error: the panel refused to arm, zone 5
    JsonNode failure = awaitArming(r -> r.path("state").asText().equals("arm_failure"));
    assertThat(failure.path("reason").asText()).isEqualTo("open_zone");
    assertThat(failure.path("partition").asText()).isIn("1", "all");
    assertThat(failure.path("zones").get(0).path("zone_number").asInt()).isEqualTo(5);
    assertThat(failure.path("zones").get(0).path("zone_name").asText()).isEqualTo("Back Door");
    assertThat(failure.path("timestamp").asText()).endsWith("Z");
    assertThat(cloud.state(SITE, "1")).isEqualTo("disarmed");
    assertThat(status("partitions").get(0).path("state").asText()).isEqualTo("disarmed");
  }

  @Test
  void scenario2ArmAwayRunsTheExitDelayThenArmedAwayWithTheSameUser() throws Exception {
    panel("3401 01 003"); // closing (arm away) by user 3
    JsonNode arming = awaitArming(r -> r.path("state").asText().equals("arming_in_progress"));
    assertThat(arming.path("target_mode").asText()).isEqualTo("away");
    assertThat(arming.path("exit_delay_seconds").asInt()).isEqualTo(3);
    assertThat(arming.path("user_id").asText()).isEqualTo("3");
    assertThat(arming.has("user_code")).isFalse();
    assertThat(status("partitions").get(0).path("state").asText()).isEqualTo("arming_in_progress");

    JsonNode armed = awaitArming(r -> r.path("state").asText().equals("armed_away"));
    assertThat(armed.path("user_id").asText()).isEqualTo("3");
    assertThat(
            Duration.between(
                    Instant.parse(arming.path("timestamp").asText()),
                    Instant.parse(armed.path("timestamp").asText()))
                .toSeconds())
        .isEqualTo(3);
    await().atMost(Duration.ofSeconds(5)).until(() -> "armed_away".equals(cloud.state(SITE, "1")));
    assertDeliveredWithinFiveSeconds();
  }

  @Test
  void scenario3DoorOpensWhileArmedEntryDelayThenCodeDisarms() throws Exception {
    panel("3401 01 003");
    await().atMost(Duration.ofSeconds(15)).until(() -> "armed_away".equals(cloud.state(SITE, "1")));
    panel("1750 01 001"); // Front Door opens
    JsonNode entry = awaitArming(r -> r.path("state").asText().equals("entry_delay"));
    assertThat(entry.path("entry_delay_seconds").asInt()).isEqualTo(30);
    panel("1401 01 003"); // code entered: opening (disarm) by user 3
    JsonNode disarmed = awaitArming(r -> r.path("state").asText().equals("disarmed"));
    assertThat(disarmed.path("user_id").asText()).isEqualTo("3");
    await().atMost(Duration.ofSeconds(5)).until(() -> "disarmed".equals(cloud.state(SITE, "1")));
    assertThat(status("partitions").get(0).path("state").asText()).isEqualTo("disarmed");
    assertThat(cloud.audit()).noneMatch(a -> a.toString().contains("InvalidStateTransition"));
  }

  @Test
  void alarmEventReachesTheEventsEndpointWithCameraAndCodes() throws Exception {
    panel("1130 01 005"); // burglary, Back Door
    await().atMost(Duration.ofSeconds(10)).until(() -> cloud.eventCount() >= 1);
    JsonNode event =
        cloud.events().stream()
            .filter(e -> e.path("event_type").asText().equals("alarm"))
            .findFirst()
            .orElseThrow();
    assertThat(event.path("camera_id").asText()).isEqualTo("cam_xyz789");
    assertThat(event.path("codes").path("cid").asText()).isEqualTo("E130");
    assertThat(event.path("codes").path("sia").asText()).isEqualTo("BA");
    assertThat(event.path("zone").path("number").asInt()).isEqualTo(5);
    assertThat(event.path("site_id").asText()).isEqualTo(SITE);
    RecordedRequest request = cloud.requests("/ext/v1/events").get(0);
    assertThat(request.header("Idempotency-Key")).startsWith("evt:" + SITE + ":");
    assertThat(request.header("Authorization")).isEqualTo("Bearer " + API_KEY);
    assertThat(cloud.duplicateEventIds()).isZero();
  }

  /** Every arming request reached the cloud within 5 s of the change it reports (chekt-api O1). */
  private void assertDeliveredWithinFiveSeconds() throws Exception {
    for (RecordedRequest r : cloud.requests("/v1/sites/" + SITE + "/arming-state")) {
      Instant changed = Instant.parse(json.readTree(r.body()).path("timestamp").asText());
      assertThat(Duration.between(changed, r.receivedAt())).isLessThan(Duration.ofSeconds(5));
    }
  }

  private JsonNode awaitArming(java.util.function.Predicate<JsonNode> match) {
    JsonNode[] found = new JsonNode[1];
    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () -> {
              for (RecordedRequest r : cloud.requests("/v1/sites/" + SITE + "/arming-state")) {
                JsonNode body = json.readTree(r.body());
                if (r.status() / 100 == 2 && match.test(body)) {
                  found[0] = body;
                  return true;
                }
              }
              return false;
            });
    return found[0];
  }

  private JsonNode status(String section) throws Exception {
    return json.readTree(json.writeValueAsString(bridge.daemon().statusServer().status()))
        .path(section);
  }

  /** One ADM-CID frame from account 1234, ACKed by the receiver before this returns. */
  private void panel(String cid) throws Exception {
    String s = String.format("%04d", seq.incrementAndGet());
    byte[] frame =
        Dc09Encoder.encode(
            Dc09Token.ADM_CID,
            s,
            null,
            "0",
            "1234",
            "#1234|" + cid,
            List.of(),
            Instant.now(),
            null);
    try (Socket socket = new Socket("127.0.0.1", bridge.dc09Port())) {
      socket.setSoTimeout(5000);
      socket.getOutputStream().write(frame);
      byte[] answer = PanelSocket.readFrame(socket.getInputStream());
      Dc09Answer a = PanelSocket.answer(answer);
      assertThat(a.token()).isEqualTo(Dc09Token.ACK);
      assertThat(a.sequence()).isEqualTo(s);
    }
  }
}
