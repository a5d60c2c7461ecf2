package io.chektbridge.daemon.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies {@code db/migration/V<n>__<name>.sql} in version order, each in its own transaction, and
 * records it in {@code schema_version}. A database written by a newer bridge is refused rather than
 * guessed at, so a downgrade cannot corrupt the journal.
 *
 * <p>Version ranges per area keep parallel work apart: 1–9 core, 10–19 journal and links,
 * 20–29 state, 30–39 cloud sync, 40–49 operations.
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
        s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INT PRIMARY KEY, "
            + "name VARCHAR(200) NOT NULL, applied_at TIMESTAMP WITH TIME ZONE NOT NULL)");
      }
      db.commitDurably(c);
      int current = currentVersion(c);
      int newest = all.isEmpty() ? 0 : all.get(all.size() - 1).version();
      if (current > newest) {
        throw new SQLException("the database in " + db.directory() + " has schema version " + current
            + " but this chekt-bridge knows only up to " + newest + "; install the newer chekt-bridge again");
      }
      for (Migration m : all) {
        if (m.version() > current) {
          apply(c, m);
        }
      }
    }
  }

  /** Whether the database behind {@code c} has every migration this bridge knows (false also without schema_version). */
  static boolean isCurrent(Connection c) throws SQLException {
    List<Migration> all = Migration.available();
    try (ResultSet rs = c.getMetaData().getTables(null, "PUBLIC", "SCHEMA_VERSION", null)) {
      if (!rs.next()) {
        return false;
      }
    }
    return currentVersion(c) >= all.get(all.size() - 1).version();
  }

  private static int currentVersion(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
      rs.next();
      return rs.getInt(1);
    }
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
      try (PreparedStatement p = c.prepareStatement(
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
