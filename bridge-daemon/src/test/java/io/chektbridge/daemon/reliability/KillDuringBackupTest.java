package io.chektbridge.daemon.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chektbridge.daemon.store.DamagedFiles;
import io.chektbridge.daemon.store.Database;
import io.chektbridge.daemon.store.RestoredBackup;
import io.chektbridge.daemon.testing.BridgeYaml;
import io.chektbridge.daemon.testing.DaemonProcess;
import io.chektbridge.daemon.testing.LockStepPanel;
import io.chektbridge.sia.Dc09Token;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL in the middle of an online backup ({@code GET /storage/backup}), while a panel sends
 * alarms, trial after trial on the same data: the daemon starts again every time, every alarm it
 * acknowledged is in the database, the rows that were there stay, and the next backup removes the
 * unfinished one and restores whole. {@code -Dchekt.backupKills=N} for more trials.
 */
class KillDuringBackupTest {
  private static final int TRIALS = Integer.getInteger("chekt.backupKills", 4);

  /** Zone numbers of a trial's alarms: SIA DC-03 zones have at most six digits. */
  private static final int ZONES_PER_TRIAL = 10_000;

  /** Enough for a backup that takes a while: about 25 MiB of pending outbox rows. */
  private static final int PENDING_ROWS = 60_000;

  @TempDir Path dir;

  private final ExecutorService threads = Executors.newCachedThreadPool();

  @AfterEach
  void stopThreads() throws InterruptedException {
    threads.shutdownNow();
    assertThat(threads.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void aKillDuringABackupLosesNothingAndTheNextBackupIsWhole() throws Exception {
    BridgeYaml config = DaemonProcess.config(dir).acceptUnknownAccounts();
    Path data = dir.resolve("data");
    DamagedFiles.withPendingOutbox(data, PENDING_ROWS);
    Path backups = data.resolve("backups");
    Set<Integer> acked = ConcurrentHashMap.newKeySet();
    int killedMidBackup = 0;
    Random random = new Random(Long.getLong("chekt.seed", 42L));
    for (int trial = 1; trial <= TRIALS; trial++) {
      try (DaemonProcess daemon = DaemonProcess.run(config)) {
        daemon.awaitReady();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger answered = new AtomicInteger();
        int firstZone = trial * ZONES_PER_TRIAL;
        Future<?> panel =
            threads.submit(() -> panel(config.dc09Port(), firstZone, stop, acked, answered));
        await().atMost(Duration.ofSeconds(60)).until(() -> answered.get() >= 200);
        threads.submit(() -> daemon.get("/storage/backup"));
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(1))
            .until(() -> !unfinished(backups).isEmpty());
        // the panel's answers are the clock: a random moment of the copy, or just after it
        int killAt = answered.get() + random.nextInt(300);
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(1))
            .until(() -> answered.get() >= killAt || panel.isDone());
        daemon.killNow();
        assertThat(daemon.process().waitFor(10, TimeUnit.SECONDS)).isTrue();
        stop.set(true);
        panel.get(30, TimeUnit.SECONDS);
        if (!unfinished(backups).isEmpty()) {
          killedMidBackup++;
        }
      }
    }
    Path zip;
    try (DaemonProcess daemon = DaemonProcess.run(config)) {
      daemon.awaitReady();
      var answer = daemon.get("/storage/backup");
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
      zip = Path.of(answer.body().trim());
      assertThat(unfinished(backups)).isEmpty();
      assertThat(daemon.terminate(Duration.ofSeconds(30))).as(daemon.log()).isZero();
    }
    assertThat(killedMidBackup).as("trials whose kill found the backup unfinished").isPositive();
    assertThat(acked).isNotEmpty();
    try (Database db = Database.open(data)) {
      assertThat(zones(db)).containsAll(acked);
      assertThat(DamagedFiles.pendingRows(db)).isGreaterThanOrEqualTo(PENDING_ROWS);
    }
    try (Database restored = RestoredBackup.open(zip, dir.resolve("restored"))) {
      assertThat(zones(restored)).containsAll(acked);
      assertThat(DamagedFiles.pendingRows(restored)).isGreaterThanOrEqualTo(PENDING_ROWS);
    }
    System.out.printf(
        "KillDuringBackupTest: %d kills during a backup (%d found it unfinished), %d alarms ACKed,"
            + " all in the database and in the backup taken after%n",
        TRIALS, killedMidBackup, acked.size());
  }

  /**
   * Alarms lock-step on zones from {@code firstZone} until stopped, the daemon is gone or the
   * trial's zones are used up.
   */
  private static Void panel(
      int port, int firstZone, AtomicBoolean stop, Set<Integer> acked, AtomicInteger answered)
      throws IOException {
    try (LockStepPanel panel = new LockStepPanel(port, Duration.ofSeconds(5))) {
      for (int zone = firstZone; !stop.get() && zone < firstZone + ZONES_PER_TRIAL; zone++) {
        var answer = panel.exchange("7000", zone % 9_999 + 1, "Nri1/BA" + zone);
        if (answer == null) {
          return null; // the kill closed the connection
        }
        if (answer.token() == Dc09Token.ACK) {
          acked.add(zone);
        }
        answered.incrementAndGet();
      }
    } catch (IOException | io.chektbridge.sia.Dc09Exception e) {
      // the kill closed the connection; what was ACKed before is what counts
    }
    return null;
  }

  private static List<Path> unfinished(Path backups) throws IOException {
    if (!Files.isDirectory(backups)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(backups)) {
      return files.filter(p -> p.toString().endsWith(".zip.part")).toList();
    }
  }

  private static Set<Integer> zones(Database db) throws Exception {
    Set<Integer> zones = new HashSet<>();
    try (Connection c = db.connection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT zone_no FROM panel_event")) {
      while (rs.next()) {
        zones.add(rs.getInt(1));
      }
    }
    return zones;
  }
}
