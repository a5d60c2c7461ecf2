package io.chektbridge.daemon.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An online backup is a consistent copy of the database, and no commit waits while it is written:
 * the state engine and the cloud sync commit through the same lock, so a backup that held it for
 * the whole copy held an alarm back for as long as the zip took.
 */
class DatabaseBackupTest {
  private static final int ROWS_PER_TRANSACTION = 20;

  /** Short, so chunks die and compaction rewrites them while a backup copies the file. */
  private static final String SHORT_RETENTION = ";RETENTION_TIME=200";

  @TempDir Path dir;

  private final ExecutorService threads = Executors.newCachedThreadPool();

  @AfterEach
  void stopThreads() throws InterruptedException {
    threads.shutdownNow();
    assertThat(threads.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
  }

  /**
   * The backup writes into a named pipe that nobody reads yet: it is stuck in the middle of its
   * copy. A commit must still go through, and once the pipe is read the zip holds the rows
   * committed before the backup began.
   */
  @Test
  void aCommitGoesThroughWhileTheBackupIsStuckWriting() throws Exception {
    try (Database db = Database.open(dir.resolve("data"))) {
      createTables(db);
      // incompressible rows: the zip is far larger than a pipe's buffer, so its writer blocks
      for (int t = 1; t <= 100; t++) {
        commitTransaction(db, t, 1024);
      }
      Path zip = dir.resolve("backup.zip");
      Path pipe = zip.resolveSibling("backup.zip.part");
      mkfifo(pipe);
      Future<?> backup =
          threads.submit(
              () -> {
                db.backupTo(zip);
                return null;
              });

      Future<?> commit =
          threads.submit(
              () -> {
                commitTransaction(db, 101, 1024);
                return null;
              });

      Future<byte[]> zipBytes;
      try {
        commit.get(30, TimeUnit.SECONDS);
        assertThat(backup).isNotDone();
      } finally {
        // read in any case: a backup stuck on the pipe holding the lock would hang the test
        zipBytes = threads.submit(() -> readAll(pipe));
      }
      backup.get(60, TimeUnit.SECONDS);
      Path copy = dir.resolve("copy.zip");
      Files.write(copy, zipBytes.get(60, TimeUnit.SECONDS));
      try (Database restored = RestoredBackup.open(copy, dir.resolve("restored"))) {
        Totals totals = totals(restored);
        assertThat(totals.wholeTransactions()).isTrue();
        assertThat(totals.lastTransaction()).isGreaterThanOrEqualTo(100);
      }
    }
  }

  /**
   * Backups taken while transactions commit and compaction rewrites chunks, trial after trial: each
   * one restores to a database that opens and reads whole, holds only whole transactions, its
   * running total agrees with its rows, and every transaction committed before the backup began is
   * in it. And commits went on during the copies.
   */
  @Test
  void backupsTakenDuringCommitsAndCompactionRestoreWholeTransactions() throws Exception {
    int trials = Integer.getInteger("chekt.backupTrials", 8);
    long commitsDuringBackups = 0;
    try (Database db = Database.open(dir.resolve("data"), SHORT_RETENTION)) {
      createTables(db);
      AtomicBoolean stop = new AtomicBoolean();
      AtomicInteger committed = new AtomicInteger();
      AtomicLong commitsFinished = new AtomicLong();
      Future<?> writer = threads.submit(() -> write(db, stop, committed, commitsFinished));
      Future<?> compactor = threads.submit(() -> compact(db, stop));
      for (int trial = 0; trial < trials; trial++) {
        int before = committed.get();
        long finishedBefore = commitsFinished.get();
        Path zip = dir.resolve("backup-" + trial + ".zip");
        db.backupTo(zip);
        commitsDuringBackups += commitsFinished.get() - finishedBefore - 1;
        try (Database restored = RestoredBackup.open(zip, dir.resolve("restored-" + trial))) {
          Totals totals = totals(restored);
          assertThat(totals.wholeTransactions()).as("trial %d", trial).isTrue();
          assertThat(totals.runningTotal()).as("trial %d", trial).isEqualTo(totals.rows());
          assertThat(totals.lastTransaction()).as("trial %d", trial).isGreaterThanOrEqualTo(before);
          try (Connection c = restored.connection()) {
            assertThat(StorageCheck.full(c))
                .as("trial %d", trial)
                .noneMatch(StorageCheck.TableResult::damaged);
          }
        }
      }
      stop.set(true);
      writer.get(60, TimeUnit.SECONDS);
      compactor.get(60, TimeUnit.SECONDS);
    }
    assertThat(commitsDuringBackups).isPositive();
  }

  /**
   * Commits transaction after transaction, each adding rows and dropping an old transaction's, so
   * chunks keep dying; {@code committed} is the last one whose commit returned.
   */
  private static Void write(
      Database db, AtomicBoolean stop, AtomicInteger committed, AtomicLong finished)
      throws Exception {
    for (int t = 1; !stop.get(); t++) {
      commitTransaction(db, t, 256);
      if (t > 200) {
        dropTransaction(db, t - 200);
      }
      committed.set(t);
      finished.incrementAndGet();
    }
    return null;
  }

  private static Void compact(Database db, AtomicBoolean stop) throws Exception {
    while (!stop.get()) {
      db.compact();
    }
    return null;
  }

  private static void createTables(Database db) throws Exception {
    db.execute(
        "CREATE TABLE probe (txn INT, n INT, payload VARBINARY(2048), PRIMARY KEY (txn, n))");
    db.execute("CREATE TABLE probe_total (id INT PRIMARY KEY, total INT)");
    db.execute("INSERT INTO probe_total VALUES (1, 0)");
  }

  private static void commitTransaction(Database db, int txn, int payloadBytes) throws Exception {
    Random random = new Random(txn);
    db.inTransaction(
        c -> {
          try (PreparedStatement insert = c.prepareStatement("INSERT INTO probe VALUES (?, ?, ?)");
              PreparedStatement total =
                  c.prepareStatement("UPDATE probe_total SET total = total + ? WHERE id = 1")) {
            for (int n = 0; n < ROWS_PER_TRANSACTION; n++) {
              byte[] payload = new byte[payloadBytes];
              random.nextBytes(payload);
              insert.setInt(1, txn);
              insert.setInt(2, n);
              insert.setBytes(3, payload);
              insert.addBatch();
            }
            insert.executeBatch();
            total.setInt(1, ROWS_PER_TRANSACTION);
            total.executeUpdate();
          }
          return null;
        });
  }

  private static void dropTransaction(Database db, int txn) throws Exception {
    db.inTransaction(
        c -> {
          try (PreparedStatement delete = c.prepareStatement("DELETE FROM probe WHERE txn = ?");
              PreparedStatement total =
                  c.prepareStatement("UPDATE probe_total SET total = total - ? WHERE id = 1")) {
            delete.setInt(1, txn);
            total.setInt(1, delete.executeUpdate());
            total.executeUpdate();
          }
          return null;
        });
  }

  private record Totals(
      long rows, long runningTotal, long lastTransaction, boolean wholeTransactions) {}

  private static Totals totals(Database db) throws Exception {
    try (Connection c = db.connection();
        Statement s = c.createStatement();
        ResultSet rows =
            s.executeQuery(
                "SELECT COUNT(*), COALESCE(MAX(txn), 0),"
                    + " (SELECT COUNT(*) FROM (SELECT txn FROM probe GROUP BY txn HAVING COUNT(*) <> "
                    + ROWS_PER_TRANSACTION
                    + ")),"
                    + " (SELECT total FROM probe_total WHERE id = 1) FROM probe")) {
      rows.next();
      return new Totals(rows.getLong(1), rows.getLong(4), rows.getLong(2), rows.getLong(3) == 0);
    }
  }

  private static byte[] readAll(Path pipe) throws IOException {
    try (InputStream in = Files.newInputStream(pipe)) {
      return in.readAllBytes();
    }
  }

  private static void mkfifo(Path pipe) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("mkfifo", pipe.toString()).inheritIO().start();
    assertThat(p.waitFor()).isZero();
  }
}
