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

  /** H2's DATABASE_IS_CLOSED: the store closed itself, e.g. after a write failed on a full disk. */
  private static final int DATABASE_IS_CLOSED = 90098;
  private static final long REOPEN_INTERVAL_NANOS = 1_000_000_000L;

  private final Path directory;
  private final String url;
  private volatile JdbcConnectionPool pool;
  private long lastReopen;

  private Database(Path directory, String url) {
    this.directory = directory;
    this.url = url;
    this.pool = newPool(url);
  }

  private static JdbcConnectionPool newPool(String url) {
    JdbcConnectionPool pool = JdbcConnectionPool.create(url, "bridge", "");
    pool.setMaxConnections(16);
    return pool;
  }

  /** Opens (creating if needed) the database in {@code directory} and applies pending migrations. */
  public static Database open(Path directory) throws SQLException, IOException {
    Files.createDirectories(directory);
    String url = "jdbc:h2:file:" + directory.toAbsolutePath().resolve(FILE_NAME)
        + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE;AUTO_RECONNECT=FALSE;LOCK_TIMEOUT=10000";
    Database db = new Database(directory, url);
    try {
      new SchemaMigrator(db).migrate();
    } catch (SQLException | RuntimeException e) {
      db.pool.dispose();
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

  /**
   * A pooled connection. When H2 has closed the store (it does so after a failed write, e.g. a full
   * disk) the database is reopened, at most once a second, so the bridge recovers by itself once
   * space returns; H2 rolls back to the last durable commit on reopen.
   */
  public Connection connection() throws SQLException {
    try {
      return pool.getConnection();
    } catch (SQLException e) {
      if (e.getErrorCode() != DATABASE_IS_CLOSED) {
        throw e;
      }
      reopen();
      return pool.getConnection();
    }
  }

  private synchronized void reopen() throws SQLException {
    long now = System.nanoTime();
    if (lastReopen != 0 && now - lastReopen < REOPEN_INTERVAL_NANOS) {
      throw new SQLException("database " + directory + " is closed; next reopen attempt within a second",
          "08003", DATABASE_IS_CLOSED);
    }
    lastReopen = now;
    JdbcConnectionPool old = pool;
    pool = newPool(url);
    old.dispose();
    LOG.warn("Database {} was closed by H2 (a write failed); reopened it", directory);
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
