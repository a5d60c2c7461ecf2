package io.chektbridge.daemon.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chektbridge.daemon.cli.Main;
import io.chektbridge.daemon.cloud.fake.FakeChektCloud;
import io.chektbridge.daemon.config.SecretFiles;
import io.chektbridge.daemon.store.DamagedFiles;
import io.chektbridge.daemon.store.StorageInspection;
import io.chektbridge.daemon.testing.BridgeYaml;
import io.chektbridge.daemon.testing.CloudAlarms;
import io.chektbridge.daemon.testing.DaemonProcess;
import io.chektbridge.daemon.testing.LockStepPanel;
import io.chektbridge.sia.Dc09Token;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
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
 * cloud (sync off) is stopped, garbage lands in the middle of its file, the bridge refuses it (at
 * the start, or after its full check found it, at the restart), {@code storage recover} salvages
 * it, and the bridge started with cloud sync delivers what was saved.
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

    damageUntilItHurts(data);
    String foundBy = refusedAtStartOrAfterTheFullCheck(dir, offline, data);

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
          "RecoveryToCloudTest: %d alarms ACKed and pending; garbage in the middle of the file, found"
              + " %s; storage recover saved %d outbox rows; %d distinct alarms reached the fake"
              + " cloud, %d more than once%n%s%n",
          EVENTS, foundBy, outboxSaved, atCloud.size(), twice, out);
      assertThat(atCloud.size())
          .as("every saved row reaches the cloud")
          .isGreaterThanOrEqualTo((int) outboxSaved);
      assertThat(acked).containsAll(atCloud.keySet());
      assertThat(twice).isZero();
    }
  }

  /**
   * 64 KiB of garbage in the middle of the file; where the middle is free space (a file whose live
   * pages H2 has moved on), the garbage moves on by 64 KiB until a read of every row meets it.
   */
  private static void damageUntilItHurts(Path data) throws Exception {
    Path file = data.resolve("chekt-bridge.mv.db");
    long size = Files.size(file);
    for (long at = size / 2; at < size; at += 64 * 1024) {
      DamagedFiles.garbage(file, at, 64 * 1024);
      if (StorageInspection.inspect(data).verdict() == StorageInspection.Verdict.DAMAGED) {
        return;
      }
    }
    throw new AssertionError("no garbage in the second half of " + file + " damaged a table");
  }

  /**
   * The start after the damage is refused (exit 3) when its cheap check meets the damage. When the
   * damage lies inside a growing table, beyond that check's reach, the daemon starts, its full
   * check raises STORAGE_FAILED (under systemd the watchdog then restarts it) and records the
   * finding beside the database, and that restart is refused. Returns which of the two happened.
   */
  private static String refusedAtStartOrAfterTheFullCheck(Path dir, Path config, Path data)
      throws Exception {
    Path finding = data.resolve("chekt-bridge.damage-found");
    try (DaemonProcess damaged = DaemonProcess.start(dir, "run", "--config", config.toString())) {
      await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> !damaged.process().isAlive() || Files.exists(finding));
      if (!damaged.process().isAlive()) {
        assertThat(damaged.process().exitValue())
            .as(damaged.log())
            .isEqualTo(Main.DATABASE_REFUSED);
        return "by the start check";
      }
      assertThat(damaged.terminate(Duration.ofSeconds(30))).isZero();
      assertThat(damaged.log())
          .contains("ALERT STORAGE_FAILED raised")
          .contains("is damaged")
          .contains("storage recover");
    }
    try (DaemonProcess restart = DaemonProcess.start(dir, "run", "--config", config.toString())) {
      assertThat(restart.process().waitFor(60, TimeUnit.SECONDS))
          .as(
              "the restart after the full check's finding ended (refused); its log:%n%s",
              restart.log())
          .isTrue();
      assertThat(restart.process().exitValue()).as(restart.log()).isEqualTo(Main.DATABASE_REFUSED);
      assertThat(restart.log()).contains("was found damaged while the bridge ran");
    }
    return "by the running daemon's full check";
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
