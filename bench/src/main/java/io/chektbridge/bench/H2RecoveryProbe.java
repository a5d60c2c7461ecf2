package io.chektbridge.bench;

import io.chektbridge.daemon.store.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Random;

/**
 * Does H2 keep a commit that has returned, when the process dies the moment after? A SIGKILL leaves
 * the page cache, so a copy of the file taken between two commits is exactly what a kill at that
 * moment leaves on disk. This commits small transactions through the bridge's {@link Database} (its
 * compaction every 5 s), copies the file after a commit now and then, opens the copy with plain H2
 * and counts the rows. Usage: {@code java -cp bench/target/benchmarks.jar
 * io.chektbridge.bench.H2RecoveryProbe [seconds]}; {@code -Drecoverable=true} commits through
 * {@link Database#inRecoverableTransaction} instead of {@link Database#inTransaction}. With H2
 * 2.5.252, plain commits copied after the first ~45 s (H2's retention time, when freed space starts
 * to be reused) lose rows whose commit had returned: see docs/storage.md.
 */
public final class H2RecoveryProbe {
  private H2RecoveryProbe() {}

  public static void main(String[] args) throws Exception {
    long seconds = args.length > 0 ? Long.parseLong(args[0]) : 90;
    boolean recoverable = Boolean.getBoolean("recoverable");
    Path dir = Files.createTempDirectory("h2-recovery-probe");
    try (Database db = Database.open(dir.resolve("data"))) {
      db.inTransaction(
          c ->
              c.createStatement()
                  .execute("CREATE TABLE t (id BIGINT PRIMARY KEY, v VARCHAR(300))"));
      Random random = new Random(1);
      long rows = 0;
      long end = System.nanoTime() + seconds * 1_000_000_000L;
      long nextCompaction = System.nanoTime() + 5_000_000_000L;
      int copies = 0;
      int copiesShort = 0;
      long rowsLost = 0;
      while (System.nanoTime() < end) {
        rows = commit(db, rows, random, recoverable);
        if (System.nanoTime() > nextCompaction) {
          db.compact();
          nextCompaction = System.nanoTime() + 5_000_000_000L;
        }
        if (random.nextInt(25) == 0) {
          long recovered = recoveredRows(db.dataFile(), dir, copies++);
          if (recovered != rows) {
            copiesShort++;
            rowsLost += rows - recovered;
            System.out.printf(
                "copy %d at store version %d: %d rows committed, %d recovered%n",
                copies, db.storeVersion(), rows, recovered);
          }
        }
      }
      System.out.printf(
          "H2 %s, %d s, %s commits: %d copies, %d of them short of committed rows, %d rows lost; "
              + "%d rows committed%n",
          org.h2.engine.Constants.FULL_VERSION,
          seconds,
          recoverable ? "recoverable" : "plain",
          copies,
          copiesShort,
          rowsLost,
          rows);
    } finally {
      try (var paths = Files.walk(dir)) {
        for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  /** One transaction of 1-20 rows; returns the last id. */
  private static long commit(Database db, long last, Random random, boolean recoverable)
      throws SQLException {
    int count = 1 + random.nextInt(20);
    Database.Work<Long> work =
        c -> {
          try (PreparedStatement insert = c.prepareStatement("INSERT INTO t VALUES (?, ?)")) {
            for (long id = last + 1; id <= last + count; id++) {
              insert.setLong(1, id);
              insert.setString(2, "x".repeat(random.nextInt(300)));
              insert.executeUpdate();
            }
          }
          return last + count;
        };
    return recoverable ? db.inRecoverableTransaction(work) : db.inTransaction(work);
  }

  /**
   * Copies the data file as it is now, opens the copy (H2's crash recovery runs) and counts its
   * rows.
   */
  private static long recoveredRows(Path file, Path dir, int n)
      throws java.io.IOException, SQLException {
    Path copy = dir.resolve("copy" + n + ".mv.db");
    Files.copy(file, copy);
    try (Connection r =
            DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("copy" + n), "bridge", "");
        ResultSet rs = r.createStatement().executeQuery("SELECT COUNT(*) FROM t")) {
      rs.next();
      return rs.getLong(1);
    } finally {
      Files.deleteIfExists(copy);
      Files.deleteIfExists(dir.resolve("copy" + n + ".trace.db"));
    }
  }
}
