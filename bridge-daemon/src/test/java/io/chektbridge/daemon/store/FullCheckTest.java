package io.chektbridge.daemon.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chektbridge.daemon.ops.AlertKind;
import io.chektbridge.daemon.ops.Alerts;
import io.chektbridge.daemon.ops.Metrics;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.h2.mvstore.DataUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damage inside a growing table (the middle of a pending outbox) passes the start's cheap check,
 * which reads those tables at their edges only. The running daemon's full check must find it, raise
 * STORAGE_FAILED and keep it raised, and leave a record that refuses the next start with the
 * recover advice; {@code storage recover} then gives a database that starts. Garbage lands at
 * random blocks of a file that is mostly pending outbox rows; every trial in which a read of every
 * row finds damage must end refused, at the start or after the full check.
 */
class FullCheckTest {
  private static final int ROWS = 20_000;
  private static final int TRIALS = 30;
  private static final int CHECKS_BESIDE_WRITERS = 10;
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-12-05T14:00:00Z"), ZoneOffset.UTC);

  @TempDir Path dir;

  @Test
  void everyDamagedFileIsRefusedAtTheStartOrAfterTheFullCheck() throws Exception {
    long seed = Long.getLong("chekt.seed", System.nanoTime());
    Random random = new Random(seed);
    byte[] file = Files.readAllBytes(DamagedFiles.withPendingOutbox(dir.resolve("original"), ROWS));
    int refusedAtStart = 0;
    int foundRunning = 0;
    Path lastFoundRunning = null;
    for (int trial = 0; trial < TRIALS; trial++) {
      Path copy = dir.resolve("copy-" + trial);
      Files.createDirectories(copy);
      Files.write(Database.dataFile(copy), file);
      long block = 2L + random.nextInt(file.length / 4096 - 2);
      garbage(Database.dataFile(copy), block, random);
      List<String> damaged = damagedTablesReadOnly(copy);
      if (damaged.isEmpty()) {
        continue; // free space, or a file H2 will not open at all (refused at the start as well)
      }
      String what = "block " + block + " (seed " + seed + "): " + damaged;
      Database db;
      try {
        db = Database.open(copy);
      } catch (DatabaseRefusedException e) {
        refusedAtStart++;
        continue;
      }
      try (db) {
        Alerts alerts = new Alerts(CLOCK);
        StorageWatch watch = new StorageWatch(db, alerts, new Metrics(), CLOCK);
        assertThat(watch.fullCheckNow()).as(what).isNotEmpty();
        assertThat(alerts.isActive(AlertKind.STORAGE_FAILED)).as(what).isTrue();
        watch.checkNow();
        assertThat(alerts.isActive(AlertKind.STORAGE_FAILED))
            .as("%s: the cheap check passing does not clear what the full check found", what)
            .isTrue();
        watch.close();
      }
      assertThatThrownBy(() -> Database.open(copy).close())
          .as(what)
          .isInstanceOf(DatabaseRefusedException.class)
          .hasMessageContaining("was found damaged while the bridge ran (2026-12-05T14:00:00Z")
          .hasMessageContaining(DatabaseRefusedException.RECOVER_COMMAND);
      foundRunning++;
      lastFoundRunning = copy;
    }
    System.out.printf(
        "FullCheckTest (seed %d): of %d garbage blocks, %d refused at the start, %d found by the"
            + " running full check and refused at the next start%n",
        seed, TRIALS, refusedAtStart, foundRunning);
    assertThat(foundRunning)
        .as("trials whose damage only the full check could find (seed %d)", seed)
        .isPositive();

    new StorageRecovery(lastFoundRunning, CLOCK).recover();
    assertThat(new DamageRecord(lastFoundRunning).file()).doesNotExist();
    try (Database db = Database.open(lastFoundRunning)) {
      assertThat(DamagedFiles.pendingRows(db)).isPositive();
    }
  }

  @Test
  void rowsWrittenMovedAndDeletedWhileTheCheckReadsAreNotDamage() throws Exception {
    Path data = dir.resolve("busy");
    DamagedFiles.withPendingOutbox(data, ROWS);
    try (Database db = Database.open(data, ";RETENTION_TIME=0");
        StoreMaintenance compaction =
            new StoreMaintenance(
                    db,
                    problem -> {
                      throw new AssertionError("compaction met damage: " + problem);
                    })
                .start(Duration.ofMillis(20))) {
      AtomicBoolean stop = new AtomicBoolean();
      AtomicLong writes = new AtomicLong();
      Thread writer = new Thread(() -> churn(db, stop, writes));
      writer.start();
      Alerts alerts = new Alerts(CLOCK);
      StorageWatch watch = new StorageWatch(db, alerts, new Metrics(), CLOCK);
      int overlapped = 0;
      try {
        for (int check = 0; check < CHECKS_BESIDE_WRITERS; check++) {
          long before = writes.get();
          assertThat(watch.fullCheckNow()).as("check %d", check).isEmpty();
          overlapped += writes.get() > before ? 1 : 0;
        }
      } finally {
        stop.set(true);
        writer.join();
      }
      assertThat(overlapped)
          .as("checks that writes overlapped")
          .isGreaterThan(CHECKS_BESIDE_WRITERS / 2);
      assertThat(alerts.isActive(AlertKind.STORAGE_FAILED)).isFalse();
    }
    assertThat(new DamageRecord(data).file()).doesNotExist();
  }

  /**
   * Until told to stop, one transaction at a time: up to three rows added, up to three of the
   * oldest deleted, one marked delivered, so the table grows and shrinks and its pages move.
   */
  private static void churn(Database db, AtomicBoolean stop, AtomicLong writes) {
    Random random = new Random(42);
    try {
      for (long i = 0; !stop.get(); i++) {
        long n = i;
        int add = random.nextInt(4);
        int delete = random.nextInt(4);
        db.inTransaction(
            c -> {
              try (Statement s = c.createStatement()) {
                for (int k = 0; k < add; k++) {
                  s.executeUpdate(
                      "INSERT INTO outbox (kind, idempotency_key, body, created_at) VALUES"
                          + " ('event', 'churn-"
                          + n
                          + "-"
                          + k
                          + "', '{}', CURRENT_TIMESTAMP)");
                }
                s.executeUpdate(
                    "DELETE FROM outbox WHERE id IN (SELECT id FROM outbox ORDER BY id LIMIT "
                        + delete
                        + ")");
                s.executeUpdate(
                    "UPDATE outbox SET status = 'delivered' WHERE id = (SELECT MAX(id) FROM outbox"
                        + " WHERE status = 'pending')");
              }
              return null;
            });
        writes.incrementAndGet();
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aFindingAboutADeletedFileDoesNotRefuseTheNewOne() throws Exception {
    Path data = dir.resolve("started-over");
    Database.open(data).close();
    try (Database db = Database.open(data)) {
      db.recordDamage("2026-12-05T14:00:00Z the full check found: table outbox cannot be read");
    }
    assertThatThrownBy(() -> Database.open(data).close())
        .isInstanceOf(DatabaseRefusedException.class);
    // the installer starts over on purpose: the file and its version mark deleted
    Files.delete(Database.dataFile(data));
    Files.delete(data.resolve(StoreVersionMark.FILE_NAME));
    Database.open(data).close();
    Database.open(data).close();
    assertThat(new DamageRecord(data).file()).doesNotExist();
  }

  @Test
  void onlyErrorsAboutTheFileItselfCountAsDamage() {
    assertThat(
            StorageCheck.isDamage(DataUtils.newMVStoreException(6, "File corrupted in chunk 84")))
        .isTrue();
    assertThat(StorageCheck.isDamage(DataUtils.newMVStoreException(9, "Chunk 12 not found")))
        .isTrue();
    assertThat(StorageCheck.isDamage(DataUtils.newMVStoreException(4, "This store is closed")))
        .isFalse();
    assertThat(StorageCheck.isDamage(DataUtils.newMVStoreException(2, "Writing failed"))).isFalse();
    assertThat(
            StorageCheck.isDamage(
                new SQLException(
                    "General error: \"org.h2.mvstore.MVStoreException: Unable to read the page at"
                        + " position 0x5180 [2.5.252/6]\"",
                    "HY000",
                    50000)))
        .isTrue();
    assertThat(
            StorageCheck.isDamage(
                new SQLException(
                    "General error: \"org.h2.mvstore.MVStoreException: This store is closed"
                        + " [2.5.252/4]\"",
                    "HY000",
                    50000)))
        .isFalse();
    assertThat(
            StorageCheck.isDamage(new SQLException("Database is already closed", "90098", 90098)))
        .isFalse();
    // a store closed by a panic carries the panic's cause: the closing is reported by whoever met
    // the damage, naming its table, not by every reader the closing cut short
    assertThat(
            StorageCheck.isDamage(
                DataUtils.newMVStoreException(
                    4,
                    "This store is closed",
                    DataUtils.newMVStoreException(6, "File corrupted in chunk 84"))))
        .isFalse();
  }

  @Test
  void aCheckOfAClosedDatabaseRecordsNothing() throws Exception {
    Path data = dir.resolve("closed");
    Database db = Database.open(data);
    db.close();
    Alerts alerts = new Alerts(CLOCK);
    assertThat(new StorageWatch(db, alerts, new Metrics(), CLOCK).fullCheckNow()).isEmpty();
    assertThat(new DamageRecord(data).file()).doesNotExist();
    Database.open(data).close();
  }

  private static void garbage(Path file, long block, Random random) throws Exception {
    byte[] bytes = new byte[4096];
    random.nextBytes(bytes);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(bytes), block * 4096);
    }
  }

  /** The tables a read of every row finds damaged, opened read-only; empty when H2 refuses it. */
  private static List<String> damagedTablesReadOnly(Path copy) {
    try (Connection c =
        DriverManager.getConnection(Database.url(copy) + ";ACCESS_MODE_DATA=r", "bridge", "")) {
      return StorageCheck.full(c).stream()
          .filter(StorageCheck.TableResult::damaged)
          .map(StorageCheck.TableResult::table)
          .toList();
    } catch (SQLException e) {
      return List.of();
    }
  }
}
