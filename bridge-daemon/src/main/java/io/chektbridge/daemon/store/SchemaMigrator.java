package io.chektbridge.daemon.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies every {@code db/migration/V<n>__<name>.sql} not yet recorded in {@code schema_version},
 * in version order, each in its own transaction. A database holding a version this build does not
 * know was written by a newer bridge: it is refused rather than guessed at, so a downgrade cannot
 * corrupt the journal.
 *
 * <p>Version ranges per area keep parallel work apart: 1–9 core, 10–19 journal and links, 20–29
 * state, 30–39 cloud sync, 40–49 operations. A migration is applied because it is missing, not
 * because its number is the highest, so a new one in a low range still reaches a database that
 * already has a higher one.
 */
final class SchemaMigrator {
  private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrator.class);

  private final Database db;

  SchemaMigrator(Database db) {
    this.db = db;
  }

  void migrate() throws SQLException {
    List<Migration> all = Migration.available();
    try (Connection c = db.connection()) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.execute(
            "CREATE TABLE IF NOT EXISTS schema_version (version INT PRIMARY KEY, "
                + "name VARCHAR(200) NOT NULL, applied_at TIMESTAMP WITH TIME ZONE NOT NULL)");
      }
      db.commitDurably(c);
      Set<Integer> applied = appliedVersions(c);
      Set<Integer> known = new HashSet<>();
      all.forEach(m -> known.add(m.version()));
      for (int v : applied) {
        if (!known.contains(v)) {
          throw new SQLException(
              "the database in "
                  + db.directory()
                  + " has schema version "
                  + v
                  + ", which this chekt-bridge does not know (written by a newer one); install the newer chekt-bridge again");
        }
      }
      for (Migration m : all) {
        if (!applied.contains(m.version())) {
          apply(c, m);
        }
      }
    }
  }

  /**
   * Whether the database behind {@code c} has every migration this bridge knows (false also without
   * schema_version).
   */
  static boolean isCurrent(Connection c) throws SQLException {
    try (ResultSet rs = c.getMetaData().getTables(null, "PUBLIC", "SCHEMA_VERSION", null)) {
      if (!rs.next()) {
        return false;
      }
    }
    Set<Integer> applied = appliedVersions(c);
    return Migration.available().stream().allMatch(m -> applied.contains(m.version()));
  }

  private static Set<Integer> appliedVersions(Connection c) throws SQLException {
    Set<Integer> versions = new HashSet<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT version FROM schema_version")) {
      while (rs.next()) {
        versions.add(rs.getInt(1));
      }
    }
    return versions;
  }

  private void apply(Connection c, Migration m) throws SQLException {
    String sql;
    try {
      sql = Database.resource(m.fileName());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try (Statement s = c.createStatement()) {
      for (String statement : statements(sql)) {
        s.execute(statement);
      }
      try (PreparedStatement p =
          c.prepareStatement(
              "INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, CURRENT_TIMESTAMP)")) {
        p.setInt(1, m.version());
        p.setString(2, m.name());
        p.executeUpdate();
      }
      db.commitDurably(c);
      LOG.info("Database schema migrated to version {} ({})", m.version(), m.name());
    } catch (SQLException e) {
      c.rollback();
      throw new SQLException("schema migration " + m.fileName() + " failed: " + e.getMessage(), e);
    }
  }

  /** Splits a script on {@code ;} at line ends; migrations keep one statement per such block. */
  private static List<String> statements(String sql) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : sql.split("\n")) {
      String trimmed = line.strip();
      if (trimmed.startsWith("--") || trimmed.isEmpty()) {
        continue;
      }
      current.append(line).append('\n');
      if (trimmed.endsWith(";")) {
        out.add(current.substring(0, current.lastIndexOf(";")));
        current.setLength(0);
      }
    }
    if (!current.toString().isBlank()) {
      out.add(current.toString());
    }
    return out;
  }
}
