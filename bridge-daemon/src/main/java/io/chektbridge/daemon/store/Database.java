package io.chektbridge.daemon.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.h2.jdbcx.JdbcConnectionPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded H2 database under {@code storage.path}. Opened with {@code WRITE_DELAY=0} in the URL
 * so a commit reaches the file before it returns (H2's default keeps commits in memory for 500 ms,
 * and a kill -9 then loses acknowledged events); the journal adds an fsync per group commit for
 * power-loss safety.
 */
public final class Database implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Database.class);
  private static final String FILE_NAME = "chekt-bridge";

  private final Path directory;
  private final JdbcConnectionPool pool;

  private Database(Path directory, JdbcConnectionPool pool) {
    this.directory = directory;
    this.pool = pool;
  }

  /** Opens (creating if needed) the database in {@code directory} and applies pending migrations. */
  public static Database open(Path directory) throws SQLException, IOException {
    Files.createDirectories(directory);
    String url = "jdbc:h2:file:" + directory.toAbsolutePath().resolve(FILE_NAME)
        + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE;AUTO_RECONNECT=FALSE;LOCK_TIMEOUT=10000";
    JdbcConnectionPool pool = JdbcConnectionPool.create(url, "bridge", "");
    pool.setMaxConnections(16);
    Database db = new Database(directory, pool);
    try {
      new SchemaMigrator(db).migrate();
    } catch (SQLException | RuntimeException e) {
      pool.dispose();
      throw e;
    }
    return db;
  }

  /** The data file itself, which the journal fsyncs after a group commit. */
  public Path dataFile() {
    return directory.toAbsolutePath().resolve(FILE_NAME + ".mv.db");
  }

  public Path directory() {
    return directory;
  }

  public Connection connection() throws SQLException {
    return pool.getConnection();
  }

  /** Runs a statement that needs no result; for small maintenance tasks. */
  public void execute(String sql) throws SQLException {
    try (Connection c = connection(); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  @Override
  public void close() {
    try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
      s.execute("SHUTDOWN");
    } catch (SQLException e) {
      LOG.warn("H2 did not shut down cleanly ({}); it will recover on the next start", e.getMessage());
    }
    pool.dispose();
  }

  static String resource(String name) throws IOException {
    try (InputStream in = Database.class.getResourceAsStream("/db/migration/" + name)) {
      if (in == null) {
        throw new IOException("missing migration resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
