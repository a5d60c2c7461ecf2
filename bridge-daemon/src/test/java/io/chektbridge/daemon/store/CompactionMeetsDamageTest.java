package io.chektbridge.daemon.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.chektbridge.daemon.ops.AlertKind;
import io.chektbridge.daemon.ops.Alerts;
import io.chektbridge.daemon.ops.Metrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compaction reads the live pages of old, half-empty chunks, which no other reader may touch for
 * days. When one of those pages is damaged, compaction must report it once, and stop: each further
 * try makes H2 close the store under every writer. The report alone raises STORAGE_FAILED and
 * refuses the next start, since the page may belong to an index a read of every row never reaches.
 */
class CompactionMeetsDamageTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-12-05T14:00:00Z"), ZoneOffset.UTC);
  private static final int TRIALS = 100;
  private static final int PASSES = 100;

  @TempDir Path dir;

  @Test
  void aDamagedPageMetByCompactionIsAFindingOnceAndCompactionStops() throws Exception {
    Path original = dir.resolve("original");
    try (Database db = Database.open(original, ";MAX_COMPACT_TIME=0")) {
      for (int commit = 0; commit < 60; commit++) {
        int from = commit * 200;
        db.inTransaction(c -> outboxAndAudit(c, from));
      }
      // the audit half of every old chunk dies; the outbox half stays live, so compaction moves it
      db.inTransaction(CompactionMeetsDamageTest::deleteAudit);
    }
    long seed = Long.getLong("chekt.seed", System.nanoTime());
    Random random = new Random(seed);
    long size = Files.size(Database.dataFile(original));
    for (int trial = 0; trial < TRIALS; trial++) {
      long block = 2 + random.nextInt((int) (size / 4096) - 2);
      if (compactionMeetsDamage(damagedCopy(original, "trial-" + trial, block))) {
        AtomicInteger met = new AtomicInteger();
        Alerts alerts = new Alerts(CLOCK);
        Path fresh = damagedCopy(original, "maintained-" + trial, block);
        try (Database db = Database.open(fresh, ";RETENTION_TIME=0");
            StorageWatch watch = new StorageWatch(db, alerts, new Metrics(), CLOCK);
            StoreMaintenance maintenance =
                new StoreMaintenance(
                        db,
                        problem -> {
                          met.incrementAndGet();
                          watch.compactionMetDamage(problem);
                        })
                    .start(Duration.ofMillis(20))) {
          await().atMost(Duration.ofSeconds(30)).until(() -> met.get() > 0);
          await()
              .during(Duration.ofSeconds(1))
              .atMost(Duration.ofSeconds(3))
              .until(() -> met.get() == 1);
          assertThat(alerts.isActive(AlertKind.STORAGE_FAILED)).isTrue();
        }
        // whether or not a read of every row reaches the page (it may be an index's), the finding
        // alone refuses the next start
        assertThatThrownBy(() -> Database.open(fresh).close())
            .isInstanceOf(DatabaseRefusedException.class)
            .hasMessageContaining("was found damaged while the bridge ran")
            .hasMessageContaining("compaction met a damaged page");
        assertThat(StorageInspection.inspect(fresh).verdict())
            .as("storage check agrees with the refusal")
            .isEqualTo(StorageInspection.Verdict.DAMAGED);
        System.out.printf(
            "CompactionMeetsDamageTest (seed %d): trial %d's garbage was met by compaction%n",
            seed, trial);
        return;
      }
    }
    throw new AssertionError(
        "no garbage block of " + TRIALS + " was met by compaction (seed " + seed + ")");
  }

  /** A copy of {@code original} in its own folder, one block of garbage at {@code block}. */
  private Path damagedCopy(Path original, String name, long block) throws Exception {
    Path copy = dir.resolve(name);
    Files.createDirectories(copy);
    Files.copy(Database.dataFile(original), Database.dataFile(copy));
    DamagedFiles.garbage(Database.dataFile(copy), block * 4096, 4096);
    return copy;
  }

  /**
   * Whether compacting {@code copy} meets a damaged page. Retention 0 lets the dead audit pages
   * count at once, where the daemon's 45 s would keep this short test from compacting at all.
   */
  private static boolean compactionMeetsDamage(Path copy) throws Exception {
    try (Database db = Database.open(copy, ";RETENTION_TIME=0")) {
      for (int pass = 0; pass < PASSES && db.compact(); pass++) {
        // each pass moves at most 1 MiB of live pages
      }
      return false;
    } catch (DatabaseRefusedException e) {
      return false; // the start refuses it before compaction could run
    } catch (SQLException e) {
      assertThat(StorageCheck.isDamage(e)).as(e.toString()).isTrue();
      return true;
    }
  }

  private static Void outboxAndAudit(Connection c, int from) throws SQLException {
    try (PreparedStatement outbox =
            c.prepareStatement(
                "INSERT INTO outbox (kind, idempotency_key, body, created_at)"
                    + " VALUES ('event', ?, ?, ?)");
        PreparedStatement audit =
            c.prepareStatement(
                "INSERT INTO state_audit (at, partition_no, outcome, detail) VALUES (?, 1, 'applied', ?)")) {
      for (int i = from; i < from + 200; i++) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        outbox.setString(1, "key-" + i);
        outbox.setString(2, "{\"n\":" + i + ",\"pad\":\"" + "x".repeat(200) + "\"}");
        outbox.setObject(3, now);
        outbox.addBatch();
        audit.setObject(1, now);
        audit.setString(2, "y".repeat(200));
        audit.addBatch();
      }
      outbox.executeBatch();
      audit.executeBatch();
    }
    return null;
  }

  private static Void deleteAudit(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.executeUpdate("DELETE FROM state_audit");
    }
    return null;
  }
}
