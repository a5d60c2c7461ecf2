package io.chektbridge.daemon.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chektbridge.daemon.cloud.fake.FakeChektCloud;
import io.chektbridge.daemon.cloud.fake.Fault;
import io.chektbridge.daemon.cloud.fake.RecordedRequest;
import io.chektbridge.daemon.config.SecretFiles;
import io.chektbridge.daemon.testing.BridgeYaml;
import io.chektbridge.daemon.testing.DaemonProcess;
import io.chektbridge.daemon.testing.PanelSocket;
import io.chektbridge.sia.Dc09Answer;
import io.chektbridge.sia.Dc09Encoder;
import io.chektbridge.sia.Dc09Token;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9 with a real daemon process whose wall clock is stepped by libfaketime (Debian package
 * {@code faketime}, installed by scripts/test.sh) through a timestamp file the test rewrites, while
 * the monotonic clock stays real ({@code FAKETIME_DONT_FAKE_MONOTONIC=1}), as NTP does to a running
 * box. An entry delay that the clock is set back an hour into must still end on time; alarms sent
 * before and after the steps (back 1 h, then ahead 1 h; the fake cloud refuses times more than 60 s
 * ahead of its own) reach the cloud once each, in order, stamped with the stepped wall time.
 */
class ClockStepProcessTest {
  private static final String SITE = "site_clockstep";
  private static final String API_KEY = "chekt_test_0123456789abcdef0123456789abcdef";
  private static final String EVENTS = "/ext/v1/events";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private Path offsetFile;
  private int dc09;
  private int status;
  private int sequence;

  @Test
  void aRunningDaemonKeepsDelaysAndDeliveryOnElapsedTimeWhileItsWallClockIsStepped()
      throws Exception {
    Path libfaketime = libfaketime();
    Assumptions.assumeTrue(
        libfaketime != null, "libfaketime not installed (apt-get install faketime)");
    try (FakeChektCloud cloud = new FakeChektCloud().apiKey(API_KEY).site(SITE, "disarmed", "1")) {
      BridgeYaml config = config(cloud);
      offsetFile = dir.resolve("faketime-offset");
      step("+0");
      Map<String, String> env =
          Map.of(
              "LD_PRELOAD",
              libfaketime.toString(),
              "FAKETIME_TIMESTAMP_FILE",
              offsetFile.toString(),
              "FAKETIME_CACHE_DURATION",
              "1",
              "FAKETIME_DONT_FAKE_MONOTONIC",
              "1");
      try (DaemonProcess daemon = DaemonProcess.run(config, env)) {
        try {
          runScenario(cloud, daemon);
        } catch (AssertionError | RuntimeException e) {
          System.out.println("daemon log:\n" + daemon.log());
          throw e;
        }
      }
    }
  }

  private void runScenario(FakeChektCloud cloud, DaemonProcess daemon) throws Exception {
    {
      {
        daemon.awaitReady();

        panel("3401 01 003"); // partition 1 armed away by user 3 (exit_delay 0s)
        awaitPartition("armed_away");
        panel("1130 02 011"); // alarms on partition 2, apart from the delay
        panel("1130 02 012");

        long entryStarted = System.nanoTime();
        panel("1751 01 005"); // entry delay (4 s), mapped in event_map
        awaitPartition("entry_delay");
        step("-1h");
        await()
            .atMost(Duration.ofSeconds(15))
            .pollInterval(Duration.ofMillis(50))
            .until(() -> "armed_away".equals(partitionState()));
        Duration entryDelay = Duration.ofNanos(System.nanoTime() - entryStarted);
        System.out.printf(
            "ClockStepProcessTest: 4 s entry delay with the clock set back 1 h ended after %d ms%n",
            entryDelay.toMillis());
        assertThat(entryDelay)
            .as("4 s entry delay, the clock set back 1 h during it")
            .isBetween(Duration.ofMillis(3_500), Duration.ofSeconds(10));

        // libfaketime shows a step to the daemon only when its cache next expires, which under load
        // came after the entry delay had ended: the next frames must meet the stepped-back clock
        await()
            .atMost(Duration.ofSeconds(10))
            .pollInterval(Duration.ofMillis(50))
            .until(() -> daemon.log().contains("The host clock was stepped back by 1h"));
        cloud.fault(Fault.status(EVENTS, 503, 1));
        Instant behind = Instant.now().minus(Duration.ofHours(1));
        panel("1130 02 013");
        panel("1130 02 014");
        step("+0"); // NTP steps it forward again by 1 h
        awaitReceiverOnRealTime();
        panel("1130 02 015");

        await().atMost(Duration.ofSeconds(20)).until(() -> alarmZones(cloud).size() >= 5);
        // several requests may be in flight (cloud.max_in_flight), so arrival order is not the
        // panel's
        assertThat(alarmZones(cloud))
            .as("every alarm once")
            .containsExactlyInAnyOrder(11, 12, 13, 14, 15);
        assertThat(cloud.duplicateEventIds()).isZero();
        List<Instant> times =
            alarms(cloud).stream().map(e -> Instant.parse(e.path("event_time").asText())).toList();
        assertThat(alarms(cloud))
            .allSatisfy(e -> assertThat(e.path("event_time").asText()).endsWith("Z"));
        assertThat(Duration.between(behind, times.get(2)).abs())
            .as("zone 13 at the stepped-back time")
            .isLessThan(Duration.ofSeconds(10));
        assertThat(Duration.between(Instant.now(), times.get(4)).abs())
            .as("zone 15 on the real time again")
            .isLessThan(Duration.ofSeconds(20));
        assertThat(cloud.requests("/v1/sites/" + SITE + "/arming-state"))
            .extracting(RecordedRequest::status)
            .as("no arming change refused as stale")
            .allSatisfy(s -> assertThat(s / 100).isEqualTo(2));
        assertThat(daemon.terminate(Duration.ofSeconds(15))).isZero();
        assertThat(daemon.log())
            .contains("The host clock was stepped back by 1h")
            .contains("The host clock was stepped ahead by 1h");
      }
    }
  }

  /**
   * Sets the daemon's wall-clock offset from real time, e.g. "+0", "-1h"; it reads the file at most
   * 1 s later.
   */
  private void step(String offset) throws IOException {
    Files.writeString(offsetFile, offset + "\n");
  }

  /**
   * Waits until the thread that stamps received frames reads the real time again. libfaketime
   * re-reads the offset file at most once a second, and a fixed pause was once not enough on a busy
   * machine (zone 15 stamped an hour behind). A link test carrying the real time is the probe: the
   * receiver answers it with a NAK while its clock is an hour behind (the frame is outside its time
   * window) and with an ACK once its clock is back.
   */
  private void awaitReceiverOnRealTime() {
    await()
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> linkTest(Instant.now()) == Dc09Token.ACK);
  }

  private Dc09Token linkTest(Instant time) throws Exception {
    String seq = String.format("%04d", ++sequence);
    byte[] frame =
        Dc09Encoder.encode(Dc09Token.NULL, seq, null, "0", "1234", "", List.of(), time, null);
    try (Socket socket = new Socket("127.0.0.1", dc09)) {
      socket.setSoTimeout(5000);
      socket.getOutputStream().write(frame);
      return PanelSocket.answer(PanelSocket.readFrame(socket.getInputStream())).token();
    }
  }

  private static Path libfaketime() throws IOException {
    try (DirectoryStream<Path> libs = Files.newDirectoryStream(Path.of("/usr/lib"))) {
      for (Path p : libs) {
        Path lib = p.resolve("faketime/libfaketimeMT.so.1");
        if (Files.isReadable(lib)) {
          return lib;
        }
      }
    }
    return null;
  }

  private BridgeYaml config(FakeChektCloud cloud) throws IOException {
    Path key = dir.resolve("api-key");
    SecretFiles.write(key, API_KEY);
    BridgeYaml config =
        DaemonProcess.config(dir)
            .cloud(SITE, cloud.baseUrl(), key)
            .account("1234")
            .partition(1, "House", "0s", "4s")
            .zone(5, "Back Door", 1, "entry_exit")
            .eventMap("CID E751", "entry_delay_start");
    dc09 = config.dc09Port();
    status = config.statusPort();
    return config;
  }

  /**
   * One ADM-CID frame without a timestamp (the panel's clock is not what is tested here), ACKed.
   */
  private void panel(String cid) throws Exception {
    String seq = String.format("%04d", ++sequence);
    byte[] frame =
        Dc09Encoder.encode(
            Dc09Token.ADM_CID, seq, null, "0", "1234", "#1234|" + cid, List.of(), null, null);
    try (Socket socket = new Socket("127.0.0.1", dc09)) {
      socket.setSoTimeout(5000);
      socket.getOutputStream().write(frame);
      Dc09Answer a = PanelSocket.answer(PanelSocket.readFrame(socket.getInputStream()));
      assertThat(a.token()).isEqualTo(Dc09Token.ACK);
    }
  }

  private String partitionState() throws Exception {
    for (JsonNode p :
        JSON.readTree(DaemonProcess.get(status, "/status").body()).path("partitions")) {
      if (p.path("number").asInt() == 1) {
        return p.path("state").asText();
      }
    }
    return null;
  }

  private void awaitPartition(String state) {
    await()
        .atMost(Duration.ofSeconds(10))
        .ignoreExceptions()
        .until(() -> state.equals(partitionState()));
  }

  /** The alarms the cloud has, by zone (the order the panel sent them in this test). */
  private static List<JsonNode> alarms(FakeChektCloud cloud) {
    return cloud.events().stream()
        .filter(e -> e.path("event_type").asText().equals("alarm"))
        .sorted(java.util.Comparator.comparingInt(e -> e.path("zone").path("number").asInt()))
        .toList();
  }

  private static List<Integer> alarmZones(FakeChektCloud cloud) {
    return alarms(cloud).stream().map(e -> e.path("zone").path("number").asInt()).toList();
  }
}
