package io.chektbridge.daemon.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon loads the state tables whole at start, and the start check ({@link
 * StorageCheck#quick}) must see any damage that load would hit: otherwise the start fails later
 * with an H2 error (exit 1, restarted by systemd over and over) instead of being refused with the
 * recover advice (exit 3). Garbage lands at random blocks of a database whose file is mostly
 * zone_state; whenever reading every row finds a table that is not one of the growing logs damaged,
 * the quick check must name that table too.
 */
class QuickCheckCoverageTest {
  private static final int ZONES = 20_000;
  private static final int TRIALS = 40;
  private static final List<String> GROWING =
      List.of("inbound_message", "panel_event", "outbox", "state_audit", "cloud_attempt");

  @TempDir Path dir;

  @Test
  void theQuickCheckFindsEveryDamageInATableTheDaemonLoadsWhole() throws Exception {
    long seed = Long.getLong("chekt.seed", System.nanoTime());
    Random random = new Random(seed);
    Path original = dir.resolve("original");
    try (Database db = Database.open(original)) {
      db.inTransaction(QuickCheckCoverageTest::zones);
    }
    byte[] file = Files.readAllBytes(Database.dataFile(original));
    int zoneStateHit = 0;
    for (int trial = 0; trial < TRIALS; trial++) {
      Path copy = dir.resolve("copy-" + trial);
      Files.createDirectories(copy);
      Files.write(Database.dataFile(copy), file);
      long block = 2L + random.nextInt(file.length / 4096 - 2);
      try (FileChannel ch = FileChannel.open(Database.dataFile(copy), StandardOpenOption.WRITE)) {
        byte[] garbage = new byte[4096];
        random.nextBytes(garbage);
        ch.write(ByteBuffer.wrap(garbage), block * 4096);
      }
      List<String> full;
      List<String> quick;
      try (Connection c =
          DriverManager.getConnection(Database.url(copy) + ";ACCESS_MODE_DATA=r", "bridge", "")) {
        full =
            StorageCheck.full(c).stream()
                .map(StorageCheck.TableResult::problem)
                .filter(p -> p != null)
                .toList();
        quick = StorageCheck.quick(c);
      } catch (SQLException e) {
        continue; // refused at open: the start is refused as well
      }
      for (String problem : full) {
        String table = problem.split(" ")[1];
        if (!GROWING.contains(table.toLowerCase(Locale.ROOT))) {
          assertThat(quick)
              .as("block %d (seed %d): full check found %s", block, seed, problem)
              .anyMatch(q -> q.startsWith("table " + table + " "));
          zoneStateHit += table.equals("zone_state") ? 1 : 0;
        }
      }
    }
    System.out.printf(
        "QuickCheckCoverageTest (seed %d): %d of %d garbage blocks damaged zone_state%n",
        seed, zoneStateHit, TRIALS);
    assertThat(zoneStateHit).as("trials whose garbage hit zone_state (seed %d)", seed).isPositive();
  }

  private static Void zones(Connection c) throws SQLException {
    try (PreparedStatement p =
        c.prepareStatement(
            "INSERT INTO zone_state (number, partition_no, state, bypassed, alarm_memory, "
                + "last_code, last_meaning) VALUES (?, 1, 'normal', FALSE, FALSE, 'E130', ?)")) {
      for (int zone = 1; zone <= ZONES; zone++) {
        p.setInt(1, zone);
        p.setString(2, "burglary zone " + zone);
        p.addBatch();
      }
      p.executeBatch();
    }
    return null;
  }
}
