package io.chektbridge.daemon.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.chektbridge.daemon.cloud.fake.FakeChektCloud;
import io.chektbridge.daemon.config.SecretFiles;
import io.chektbridge.daemon.journal.SegmentEventJournal;
import io.chektbridge.daemon.ops.Alerts;
import io.chektbridge.daemon.ops.Metrics;
import io.chektbridge.daemon.state.StateStore;
import io.chektbridge.daemon.store.Database;
import io.chektbridge.daemon.testing.BridgeYaml;
import io.chektbridge.daemon.testing.DaemonProcess;
import io.chektbridge.daemon.testing.LockStepPanel;
import io.chektbridge.sia.Dc09Answer;
import io.chektbridge.sia.Dc09Token;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * ACK means durable: a real daemon process receives frames on 4 to 50 connections, the test notes
 * every ACK and SIGKILLs the process, either the instant the k-th ACK arrives (a commit had just
 * returned, and others were under way) or at a random moment. Then it opens the data the way a
 * restarted daemon does (the journal replays into H2) and looks for every acknowledged frame, of
 * this trial and of every earlier one, stored exactly once. Like a daemon systemd restarts, every
 * trial runs on the data directory the previous kill left behind, so the journal's and H2's crash
 * recovery run again and again on growing files. Cloud sync runs all along against a fake CHeKT
 * cloud, so delivery marks are lost in kills too; after the last trial the daemon runs once more
 * until the cloud has every acknowledged event, each exactly once. Trials: {@code -Dchekt.trials=N}
 * (default 20; 200 in the long mode).
 */
class KillDuringReceiveTest {
  private static final int TRIALS = Integer.getInteger("chekt.trials", 20);
  private static final int[] CONNECTIONS = {4, 16, 50};
  private static final String SITE = "site_kill";
  private static final String API_KEY = "chekt_test_0123456789abcdef0123456789abcdef";

  /** Kept when the test fails: the data the kills left is the evidence to read. */
  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path dir;

  @Test
  void everyAcknowledgedFrameSurvivesSigkill() throws Exception {
    try (FakeChektCloud cloud =
        new FakeChektCloud()
            .apiKey(API_KEY)
            .site(SITE, "disarmed")
            .rateLimit(1_000_000)
            .bulk(true)) {
      Path key = dir.resolve("api-key");
      SecretFiles.write(key, API_KEY);
      killTrials(cloud, key);
    }
  }

  private void killTrials(FakeChektCloud cloud, Path apiKey) throws Exception {
    Random random = new Random(Long.getLong("chekt.seed", 42L));
    long totalSent = 0;
    int afterAck = 0;
    Path data = dir.resolve("data");
    Set<String> acked = ConcurrentHashMap.newKeySet();
    for (int trial = 0; trial < TRIALS; trial++) {
      BridgeYaml config = config(cloud, apiKey);
      int dc09Port = config.dc09Port();
      int connections = CONNECTIONS[trial % CONNECTIONS.length];
      boolean killAtAck = trial % 2 == 0;
      List<Thread> senders = new ArrayList<>();
      AtomicLong sent = new AtomicLong();
      try (DaemonProcess daemon = DaemonProcess.run(config)) {
        awaitReady(daemon, trial);
        // kill the instant the k-th ACK of this trial arrives; on a slow machine, at the first ACK
        // after a minute
        AtomicLong killAt =
            new AtomicLong(killAtAck ? acked.size() + 20 + random.nextInt(1500) : Long.MAX_VALUE);
        AtomicLong ackCount = new AtomicLong(acked.size());
        java.util.concurrent.atomic.AtomicBoolean killed =
            new java.util.concurrent.atomic.AtomicBoolean();
        Runnable onAck =
            () -> {
              if (ackCount.incrementAndGet() >= killAt.get() && killed.compareAndSet(false, true)) {
                daemon.killNow();
              }
            };
        for (int c = 0; c < connections; c++) {
          // an account per trial and connection: a repeated account|sequence would be a
          // retransmission
          String account = String.format("%06d", 100_000 + trial * 64 + c);
          Thread t = new Thread(() -> send(dc09Port, account, acked, sent, onAck));
          t.start();
          senders.add(t);
        }
        if (killAtAck) {
          try {
            await().atMost(Duration.ofSeconds(60)).untilTrue(killed);
          } catch (org.awaitility.core.ConditionTimeoutException slow) {
            killAt.set(0);
            await().atMost(Duration.ofSeconds(60)).untilTrue(killed);
          }
          afterAck++;
        } else {
          Thread.sleep(300 + random.nextInt(1500));
        }
        daemon.kill();
      }
      for (Thread t : senders) {
        t.join(10_000);
      }
      List<String> missing = missing(data, acked);
      assertThat(missing)
          .as(
              "after trial %d: ACKed but not stored exactly once (of %d ACKed)",
              trial, acked.size())
          .isEmpty();
      totalSent += sent.get();
      // a long run shows its evidence as it goes: every line is a kill survived with nothing
      // missing
      System.out.printf(
          "trial %d of %d: %d connections, killed %s; %d frames ACKed so far, all stored once%n",
          trial + 1,
          TRIALS,
          connections,
          killAtAck ? "at an ACK" : "at a random moment",
          acked.size());
    }
    int[] atCloud = drainToCloud(cloud, apiKey, eventIds(data, acked));
    System.out.printf(
        "KillDuringReceiveTest closing table%n| trials | killed at an ACK | at a random moment "
            + "| connections | frames sent | ACKed | lost | stored twice | at the cloud | lost at the cloud "
            + "| doubled at the cloud |%n|---|---|---|---|---|---|---|---|---|---|---|%n"
            + "| %d | %d | %d | 4 / 16 / 50 | %d | %d | 0 | 0 | %d | %d | %d |%n",
        TRIALS,
        afterAck,
        TRIALS - afterAck,
        totalSent,
        acked.size(),
        atCloud[0],
        atCloud[1],
        atCloud[2]);
    assertThat(acked.size())
        .as("the trials acknowledged frames before each kill")
        .isGreaterThan(TRIALS);
    assertThat(afterAck).as("kills that came right after an ACK").isPositive();
    assertThat(atCloud[1]).as("ACKed events missing at the cloud").isZero();
    assertThat(atCloud[2]).as("events the cloud got twice").isZero();
  }

  /**
   * A daemon that does not come up on the data a kill left is the failure this test exists for:
   * show its log.
   */
  private static void awaitReady(DaemonProcess daemon, int trial) {
    try {
      // generous: a loaded CI box, and the replay of what the kill left uncopied, come before ready
      await()
          .atMost(Duration.ofSeconds(120))
          .ignoreExceptions()
          .until(() -> daemon.get("/readyz").statusCode() == 200);
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      String log = daemon.log();
      throw new AssertionError(
          "start "
              + trial
              + ": the daemon did not become ready on the data the kills left; "
              + "the end of its log:\n"
              + log.substring(Math.max(0, log.length() - 6000)),
          e);
    }
  }

  /** Each start on new free ports, the same data. */
  private BridgeYaml config(FakeChektCloud cloud, Path apiKey) throws Exception {
    return DaemonProcess.config(dir)
        .cloud(SITE, cloud.baseUrl(), apiKey)
        .acceptUnknownAccounts()
        .dc09("max_frames_per_second", 100000)
        .dc09("max_connections_per_address", 64);
  }

  /**
   * Runs the daemon once more on the data the kills left, until the cloud holds every ACKed event.
   * Returns {ACKed events at the cloud, ACKed events missing there, events the cloud got more than
   * once}.
   */
  private int[] drainToCloud(FakeChektCloud cloud, Path apiKey, Set<String> expected)
      throws Exception {
    try (DaemonProcess daemon = DaemonProcess.run(config(cloud, apiKey))) {
      awaitReady(daemon, TRIALS);
      try {
        // bulk requests drain some 600 events/s here on a loaded machine: the long mode's 170,000
        // need minutes
        await()
            .atMost(Duration.ofSeconds(Math.max(180, 60 + expected.size() / 200)))
            .pollInterval(Duration.ofMillis(500))
            .until(() -> eventIdsAtCloud(cloud).keySet().containsAll(expected));
      } catch (org.awaitility.core.ConditionTimeoutException e) {
        // reported as missing below
      }
      daemon.terminate(Duration.ofSeconds(10));
    }
    Map<String, Integer> atCloud = eventIdsAtCloud(cloud);
    int present = (int) expected.stream().filter(atCloud::containsKey).count();
    int doubled =
        (int) atCloud.values().stream().filter(n -> n > 1).count() + cloud.duplicateEventIds();
    return new int[] {present, expected.size() - present, doubled};
  }

  private static Map<String, Integer> eventIdsAtCloud(FakeChektCloud cloud) {
    Map<String, Integer> out = new HashMap<>();
    for (JsonNode e : cloud.events()) {
      out.merge(e.path("event_id").asText(), 1, Integer::sum);
    }
    return out;
  }

  /** The cloud event_id of each ACKed frame: the instance prefix and its panel_event id. */
  private static Set<String> eventIds(Path data, Set<String> acked) throws Exception {
    Set<String> ids = new HashSet<>();
    try (Database db = Database.open(data)) {
      String prefix = new StateStore(db).instancePrefix();
      storedEvents(db)
          .forEach(
              (frame, eventIds) -> {
                if (acked.contains(frame)) {
                  eventIds.forEach(id -> ids.add(prefix + "-" + id));
                }
              });
    }
    return ids;
  }

  /**
   * Every stored frame ("account|seq", the start of its dedup key) with the panel_event ids stored
   * for it. One scan: nothing indexes dedup_key, and a query per ACKed frame made each trial's
   * check quadratic.
   */
  private static Map<String, List<Long>> storedEvents(Database db) throws Exception {
    Map<String, List<Long>> out = new HashMap<>();
    try (Connection c = db.connection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT m.dedup_key, e.id FROM inbound_message m JOIN panel_event e"
                    + " ON e.message_id = m.id WHERE m.error IS NULL AND m.dedup_key IS NOT NULL")) {
      while (rs.next()) {
        String key = rs.getString(1);
        String frame = key.substring(0, key.indexOf('|', key.indexOf('|') + 1));
        out.computeIfAbsent(frame, k -> new ArrayList<>()).add(rs.getLong(2));
      }
    }
    return out;
  }

  /** Lock-step sender: records "account|seq" for every ACK it reads, until the connection dies. */
  private static void send(
      int port, String account, Set<String> acked, AtomicLong sent, Runnable onAck) {
    try (LockStepPanel panel = new LockStepPanel(port, Duration.ofSeconds(5))) {
      for (int i = 1; i <= 9999; i++) {
        panel.send(account, i, "Nri1/BA" + (i % 999 + 1));
        sent.incrementAndGet();
        Dc09Answer a = panel.answer();
        if (a == null) {
          return;
        }
        if (a.token() == Dc09Token.ACK) {
          acked.add(account + "|" + a.sequence());
          onAck.run();
        }
      }
    } catch (Exception e) {
      // the daemon was killed: the connection ends here
    }
  }

  /**
   * Opens the data as the daemon does at start (the journal replays what H2 lacks), then counts
   * each ACKed frame.
   */
  private static List<String> missing(Path data, Set<String> acked) throws Exception {
    List<String> missing = new ArrayList<>();
    try (Database db = Database.open(data)) {
      SegmentEventJournal.open(db, new Metrics(), new Alerts(Clock.systemUTC()), 10).close();
      collectMissing(db, acked, missing);
    }
    return missing;
  }

  private static void collectMissing(Database db, Set<String> acked, List<String> missing)
      throws Exception {
    Map<String, List<Long>> stored = storedEvents(db);
    for (String frame : acked) {
      int times = stored.getOrDefault(frame, List.of()).size();
      if (times != 1) {
        missing.add(frame + " (stored " + times + " times)");
      }
    }
  }
}
