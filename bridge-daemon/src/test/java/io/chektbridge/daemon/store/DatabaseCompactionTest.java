package io.chektbridge.daemon.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chektbridge.daemon.testing.RowCount;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With {@code WRITE_DELAY=0} H2 runs no housekeeping of its own, and every small commit leaves a
 * chunk of which most pages die at the next commit. {@link Database#compact} must keep the file
 * near the size of its data through a burst of one-row commits, like a panel's events arriving one
 * by one, and lose nothing doing so.
 */
class DatabaseCompactionTest {
  private static final int COMMITS = 2000;

  /**
   * The daemon keeps H2's 45 s retention (see {@link Database}); the test shortens it to see
   * compaction at work.
   */
  private static final String SHORT_RETENTION = ";RETENTION_TIME=1000";

  private static final Duration RETENTION_AND_MARGIN = Duration.ofMillis(1500);

  @TempDir Path dir;

  /**
   * Compaction is driven from the test, pass after pass, until the file is below half the size the
   * same burst leaves without it: a condition, not a timer, so a loaded machine only makes it
   * slower (H2 frees a chunk only after its retention time, which a busy box stretches). The bound
   * is generous.
   */
  @Test
  void compactionGivesBackTheSpaceOfABurstOfSmallCommitsAndKeepsEveryRow() throws Exception {
    long uncompacted;
    try (Database db = burst(dir.resolve("without"))) {
      // the same quiet time as the compacted run gets at least, then one commit: all H2 does by
      // itself
      await()
          .pollDelay(RETENTION_AND_MARGIN)
          .atMost(RETENTION_AND_MARGIN.multipliedBy(2))
          .until(() -> true);
      touch(db);
      uncompacted = Files.size(db.dataFile());
      assertThat(rows(db)).isEqualTo(COMMITS);
    }
    long[] compacted = {0};
    try (Database db = burst(dir.resolve("with"))) {
      await()
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(200))
          .until(
              () -> {
                db.compact();
                touch(db);
                compacted[0] = Files.size(db.dataFile());
                return compacted[0] < uncompacted / 2;
              });
      assertThat(rows(db)).isEqualTo(COMMITS);
    }
    System.out.printf(
        "DatabaseCompactionTest: %d one-row commits, then quiet: %d KiB without compaction, %d KiB with it%n",
        COMMITS, uncompacted / 1024, compacted[0] / 1024);
  }

  /** One-row durable commits, like a panel's events arriving one by one. */
  private static Database burst(Path data) throws Exception {
    Database db = Database.open(data, SHORT_RETENTION);
    try (Connection c = db.connection();
        PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO inbound_message (received_at, link, peer, account, raw,"
                    + " dedup_key) VALUES (?, 'dc09-tcp', '127.0.0.1:5000', '1234', ?, ?)")) {
      c.setAutoCommit(false);
      for (int i = 0; i < COMMITS; i++) {
        insert.setObject(1, OffsetDateTime.now(ZoneOffset.UTC));
        insert.setBytes(
            2,
            ("\"SIA-DCS\"" + i + "L0#1234[#1234|Nri1/BA" + i + "]_10:30:00,01-15-2026").getBytes());
        insert.setString(3, "1234|" + i);
        insert.executeUpdate();
        db.commitDurably(c);
      }
    } catch (Exception e) {
      db.close();
      throw e;
    }
    return db;
  }

  /** A commit, so H2 drops the chunks whose retention has passed and shrinks the file. */
  private static void touch(Database db) throws Exception {
    db.execute("UPDATE bridge_meta SET val = val WHERE name = 'instance_id'");
  }

  private static long rows(Database db) throws Exception {
    return RowCount.of(db, "SELECT COUNT(*) FROM inbound_message");
  }
}
