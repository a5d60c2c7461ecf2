package io.chektbridge.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Random;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;

/**
 * Does H2 keep a commit that has returned, when the process dies the moment after? A SIGKILL leaves
 * the page cache, so a copy of the file taken between two commits is exactly what a kill at that
 * moment leaves on disk. This writes small transactions as the bridge did (WRITE_DELAY=0, the
 * bridge's compaction every 5 s unless {@code -Dnocompact=true}), copies the file after a commit
 * now and then, opens the copy and counts the rows. Usage: {@code java -cp
 * bench/target/benchmarks.jar io.chektbridge.bench.H2RecoveryProbe [seconds]}. With H2 2.5.252,
 * copies taken after the first ~45 s (H2's retention time, when freed space starts to be reused)
 * lose rows whose commit had returned: see docs/storage.md.
 */
public final class H2RecoveryProbe {
  private H2RecoveryProbe() {}

  public static void main(String[] args) throws Exception {
    long seconds = args.length > 0 ? Long.parseLong(args[0]) : 90;
    boolean compact = !Boolean.getBoolean("nocompact");
    Path dir = Files.createTempDirectory("h2-recovery-probe");
    try (Connection c =
        DriverManager.getConnection(
            "jdbc:h2:file:" + dir.resolve("db") + ";WRITE_DELAY=0", "sa", "")) {
      c.createStatement().execute("CREATE TABLE t (id BIGINT PRIMARY KEY, v VARCHAR(300))");
      c.setAutoCommit(false);
      MVStore store =
          ((SessionLocal) c.unwrap(JdbcConnection.class).getSession())
              .getDatabase()
              .getStore()
              .getMvStore();
      Random random = new Random(1);
      long rows = 0;
      long end = System.nanoTime() + seconds * 1_000_000_000L;
      long nextCompaction = System.nanoTime() + 5_000_000_000L;
      int copies = 0;
      int copiesShort = 0;
      long rowsLost = 0;
      try (PreparedStatement insert = c.prepareStatement("INSERT INTO t VALUES (?, ?)")) {
        while (System.nanoTime() < end) {
          for (int i = random.nextInt(20); i >= 0; i--) {
            insert.setLong(1, ++rows);
            insert.setString(2, "x".repeat(random.nextInt(300)));
            insert.executeUpdate();
          }
          c.commit();
          if (compact && System.nanoTime() > nextCompaction) {
            if (store.compact(80, 1 << 20)) {
              store.commit();
            }
            nextCompaction = System.nanoTime() + 5_000_000_000L;
          }
          if (random.nextInt(25) == 0) {
            long recovered = recoveredRows(dir, copies++);
            if (recovered != rows) {
              copiesShort++;
              rowsLost += rows - recovered;
              System.out.printf(
                  "copy %d at store version %d: %d rows committed, %d recovered%n",
                  copies, store.getCurrentVersion(), rows, recovered);
            }
          }
        }
      }
      System.out.printf(
          "H2 %s, %d s, compaction %s: %d copies, %d of them short of committed rows, %d rows lost; "
              + "%d rows committed%n",
          org.h2.engine.Constants.FULL_VERSION,
          seconds,
          compact ? "on" : "off",
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

  /**
   * Copies the data file as it is now, opens the copy (H2's crash recovery runs) and counts its
   * rows.
   */
  private static long recoveredRows(Path dir, int n) throws java.io.IOException, SQLException {
    Path copy = dir.resolve("copy" + n + ".mv.db");
    Files.copy(dir.resolve("db.mv.db"), copy);
    try (Connection r =
            DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("copy" + n), "sa", "");
        ResultSet rs = r.createStatement().executeQuery("SELECT COUNT(*) FROM t")) {
      rs.next();
      return rs.getLong(1);
    } finally {
      Files.deleteIfExists(copy);
      Files.deleteIfExists(dir.resolve("copy" + n + ".trace.db"));
    }
  }
}
