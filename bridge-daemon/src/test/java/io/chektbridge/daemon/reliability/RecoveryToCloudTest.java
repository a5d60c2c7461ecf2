package io.chektbridge.daemon.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chektbridge.daemon.cli.Main;
import io.chektbridge.daemon.cloud.fake.FakeChektCloud;
import io.chektbridge.daemon.config.SecretFiles;
import io.chektbridge.daemon.store.DamagedFiles;
import io.chektbridge.daemon.testing.BridgeYaml;
import io.chektbridge.daemon.testing.CloudAlarms;
import io.chektbridge.daemon.testing.DaemonProcess;
import io.chektbridge.daemon.testing.LockStepPanel;
import io.chektbridge.sia.Dc09Token;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The installer's path through a damaged database: a bridge with 10,000 alarms waiting for the
 * cloud (sync off) is stopped, garbage lands in the middle of its file, the next start is refused
 * (exit 3), {@code storage recover} salvages it, and the bridge started with cloud sync delivers
 * what was saved.
 */
class RecoveryToCloudTest {
  private static final int EVENTS = 10_000;
  private static final int CONNECTIONS = 4;
  private static final String SITE = "site_recover";
  private static final String API_KEY = "chekt_test_0123456789abcdef0123456789abcdef";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void tenThousandPendingAlarmsThroughDamageAndRecoveryToTheCloud() throws Exception {
    BridgeYaml config =
        DaemonProcess.config(dir).acceptUnknownAccounts().dc09("max_frames_per_second", 10000);
    int dc09 = config.dc09Port();
    int status = config.statusPort();
    Path data = dir.resolve("data");
    Path offline = config.writeTo(dir.resolve("offline.yaml"));
    Set<Integer> acked = ConcurrentHashMap.newKeySet();
    try (DaemonProcess first = DaemonProcess.run(config)) {
      first.awaitReady();
      List<Thread> panels = new ArrayList<>();
      for (int c = 0; c < CONNECTIONS; c++) {
        int from = c * (EVENTS / CONNECTIONS) + 1;
        Thread t = new Thread(() -> panel(dc09, from, EVENTS / CONNECTIONS, acked));
        t.start();
        panels.add(t);
      }
      for (Thread t : panels) {
        t.join(TimeUnit.MINUTES.toMillis(5));
      }
      await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofSeconds(1))
          .ignoreExceptions()
          .until(() -> pending(status) >= EVENTS);
      assertThat(first.terminate(Duration.ofSeconds(30))).isZero();
    }
    assertThat(acked).hasSize(EVENTS);

    DamagedFiles.damage(data.resolve("chekt-bridge.mv.db"), DamagedFiles.Kind.GARBAGE_IN_MIDDLE);
    try (DaemonProcess refused = DaemonProcess.start(dir, "run", "--config", offline.toString())) {
      assertThat(refused.process().waitFor(60, TimeUnit.SECONDS))
          .as("the start after the damage ended (refused) within 60 s; its log:%n%s", refused.log())
          .isTrue();
      assertThat(refused.process().exitValue()).as(refused.log()).isEqualTo(Main.DATABASE_REFUSED);
    }

    StringWriter out = new StringWriter();
    int exit =
        Main.commandLine()
            .setOut(new PrintWriter(out))
            .setErr(new PrintWriter(out))
            .execute("storage", "recover", "--config", offline.toString());
    assertThat(exit).as(out.toString()).isZero();
    long outboxSaved = savedRows(out.toString(), "outbox");

    try (FakeChektCloud cloud =
        new FakeChektCloud().apiKey(API_KEY).site(SITE, "disarmed").rateLimit(100_000)) {
      Path key = dir.resolve("api-key");
      SecretFiles.write(key, API_KEY);
      try (DaemonProcess second = DaemonProcess.run(config.cloud(SITE, cloud.baseUrl(), key))) {
        second.awaitReady();
        await()
            .atMost(Duration.ofMinutes(5))
            .pollInterval(Duration.ofSeconds(2))
            .ignoreExceptions()
            .until(() -> pending(status) == 0);
        second.terminate(Duration.ofSeconds(30));
      }
      Map<Integer, Integer> atCloud = CloudAlarms.byZone(cloud);
      long twice = atCloud.values().stream().filter(n -> n > 1).count() + cloud.duplicateEventIds();
      System.out.printf(
          "RecoveryToCloudTest: %d alarms ACKed and pending; garbage in the middle of the file; storage "
              + "recover saved %d outbox rows; %d distinct alarms reached the fake cloud, %d more than once%n%s%n",
          EVENTS, outboxSaved, atCloud.size(), twice, out);
      assertThat(atCloud.size())
          .as("every saved row reaches the cloud")
          .isGreaterThanOrEqualTo((int) outboxSaved);
      assertThat(acked).containsAll(atCloud.keySet());
      assertThat(twice).isZero();
    }
  }

  private static long savedRows(String report, String table) {
    Matcher m = Pattern.compile("  " + table + " +(\\d+) rows saved").matcher(report);
    assertThat(m.find()).as(report).isTrue();
    return Long.parseLong(m.group(1));
  }

  private static long pending(int status) throws Exception {
    JsonNode s = JSON.readTree(DaemonProcess.get(status, "/status").body());
    return s.path("outbox").path("pending").asLong(-1);
  }

  /** A lock-step panel: burglary alarms on zones from .. from+count-1, noting each ACKed zone. */
  private static void panel(int port, int from, int count, Set<Integer> acked) {
    try (LockStepPanel panel = new LockStepPanel(port, Duration.ofSeconds(10))) {
      for (int zone = from; zone < from + count; zone++) {
        if (panel.exchange("7000", zone, "Nri1/BA" + zone).token() == Dc09Token.ACK) {
          acked.add(zone);
        }
      }
    } catch (Exception e) {
      throw new AssertionError("panel from zone " + from + ": " + e, e);
    }
  }
}
