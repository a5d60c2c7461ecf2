package io.chektbridge.daemon.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Migrations on real H2 files: a database is brought to every known migration, whatever its
 * numbers.
 */
class SchemaMigratorTest {
  @TempDir Path dir;

  @Test
  void aMigrationNumberedBelowTheDatabasesNewestIsStillApplied() throws Exception {
    try (Database db = Database.open(dir)) {
      // as a database migrated before V11 existed: V40 recorded, V11 not, its index still there
      db.execute("DELETE FROM schema_version WHERE version = 11");
      db.execute("CREATE INDEX inbound_message_dedup ON inbound_message (dedup_key)");
    }
    try (Database db = Database.open(dir)) {
      assertThat(versions(db)).contains(11, 40);
      assertThat(indexExists(db, "INBOUND_MESSAGE_DEDUP")).isFalse();
    }
  }

  @Test
  void aDatabaseFromANewerBridgeIsRefusedAndLeftAsItWas() throws Exception {
    try (Database db = Database.open(dir)) {
      db.execute(
          "INSERT INTO schema_version (version, name, applied_at) VALUES (999, 'future', CURRENT_TIMESTAMP)");
    }
    assertThatThrownBy(() -> Database.open(dir))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("schema version 999")
        .hasMessageContaining("install the newer chekt-bridge");
  }

  /**
   * H2 writes an identity's sequence back to the store in a commit of its own every CACHE values;
   * at H2's default of 32 that was an extra chunk write for every 32nd row of each hot table.
   */
  @Test
  void everyIdentityColumnCachesEnoughValuesThatInsertsDoNotWriteChunksOfTheirOwn()
      throws Exception {
    try (Database db = Database.open(dir);
        Connection c = db.connection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT TABLE_NAME, IDENTITY_CACHE FROM INFORMATION_SCHEMA.COLUMNS"
                    + " WHERE IS_IDENTITY = 'YES' AND TABLE_SCHEMA = 'PUBLIC'")) {
      java.util.Map<String, Long> caches = new java.util.TreeMap<>();
      while (rs.next()) {
        caches.put(rs.getString(1), rs.getLong(2));
      }
      assertThat(caches).containsKeys("OUTBOX", "STATE_AUDIT", "CLOUD_ATTEMPT");
      assertThat(caches)
          .allSatisfy((table, cache) -> assertThat(cache).as(table).isGreaterThanOrEqualTo(10_000));
    }
  }

  private static java.util.Set<Integer> versions(Database db) throws SQLException {
    java.util.Set<Integer> out = new java.util.HashSet<>();
    try (Connection c = db.connection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT version FROM schema_version")) {
      while (rs.next()) {
        out.add(rs.getInt(1));
      }
    }
    return out;
  }

  private static boolean indexExists(Database db, String name) throws SQLException {
    try (Connection c = db.connection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT COUNT(*) FROM INFORMATION_SCHEMA.INDEXES WHERE INDEX_NAME = '"
                    + name
                    + "'")) {
      rs.next();
      return rs.getInt(1) > 0;
    }
  }
}
