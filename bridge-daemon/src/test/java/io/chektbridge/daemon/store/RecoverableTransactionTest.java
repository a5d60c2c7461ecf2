package io.chektbridge.daemon.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A commit through {@link Database#inRecoverableTransaction} survives a kill at any moment after it
 * returns. A kill -9 leaves the page cache, so a copy of the data file taken while the database is
 * open is what the next start finds; the test then goes on from that copy, as a restarted daemon
 * would, through many kill-restart cycles, each after a random mix of such commits and other
 * writers' plain ones of random sizes. H2 reuses freed space only after its retention time (45 s in
 * the daemon, which runs for longer); the test sets it to 0 so that a chunk lands in freed space at
 * once. Made with {@link Database#inTransaction} instead, marks are missing within the first dozen
 * kills.
 */
class RecoverableTransactionTest {
  @TempDir Path dir;

  @Test
  void everyRecoverableCommitIsFoundAfterAKill() throws Exception {
    long seed = Long.getLong("chekt.seed", System.nanoTime());
    Random random = new Random(seed);
    List<Long> marked = new ArrayList<>();
    Path current = dir.resolve("run-0");
    String reuseFreedSpaceAtOnce = ";RETENTION_TIME=0";
    try (Database db = Database.open(current, reuseFreedSpaceAtOnce)) {
      db.inTransaction(
          c -> {
            c.createStatement()
                .execute("CREATE TABLE probe (id BIGINT PRIMARY KEY, body VARCHAR(2000))");
            c.createStatement()
                .execute("CREATE TABLE mark (id BIGINT PRIMARY KEY, body VARCHAR(2000))");
            return null;
          });
    }
    long next = 0;
    for (int run = 1; run <= 40; run++) {
      Path killed = dir.resolve("run-" + run);
      try (Database db = Database.open(current, reuseFreedSpaceAtOnce)) {
        assertThat(ids(db, "mark"))
            .as("after kill %d (seed %d)", run - 1, seed)
            .containsAll(marked);
        // the kill comes after a mark or after other writers' commits that followed it
        for (int commit = random.nextInt(12); commit >= 0; commit--) {
          boolean mark = random.nextInt(3) == 0;
          long first = next + 1;
          next =
              insert(
                  db,
                  mark ? "mark" : "probe",
                  next,
                  1 + random.nextInt(mark ? 3 : 40),
                  random,
                  mark);
          if (mark) {
            LongStream.rangeClosed(first, next).forEach(marked::add);
          }
        }
        Files.createDirectories(killed);
        Files.copy(Database.dataFile(current), Database.dataFile(killed));
      }
      current = killed;
    }
    try (Database db = Database.open(current, reuseFreedSpaceAtOnce)) {
      assertThat(ids(db, "mark")).as("after the last kill (seed %d)", seed).containsAll(marked);
    }
  }

  /** Inserts {@code rows} rows of random length; returns the last id used. */
  private static long insert(
      Database db, String table, long last, int rows, Random random, boolean recoverable)
      throws SQLException {
    Database.Work<Long> work =
        c -> {
          try (PreparedStatement p =
              c.prepareStatement("INSERT INTO " + table + " VALUES (?, ?)")) {
            for (long id = last + 1; id <= last + rows; id++) {
              p.setLong(1, id);
              p.setString(2, "x".repeat(random.nextInt(2000)));
              p.addBatch();
            }
            p.executeBatch();
          }
          return last + rows;
        };
    return recoverable ? db.inRecoverableTransaction(work) : db.inTransaction(work);
  }

  private static List<Long> ids(Database db, String table) throws SQLException {
    List<Long> ids = new ArrayList<>();
    try (Connection c = db.connection();
        ResultSet rs = c.createStatement().executeQuery("SELECT id FROM " + table)) {
      while (rs.next()) {
        ids.add(rs.getLong(1));
      }
    }
    return ids;
  }
}
