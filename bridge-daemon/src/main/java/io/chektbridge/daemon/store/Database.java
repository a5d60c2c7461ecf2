package io.chektbridge.daemon.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.jdbcx.JdbcConnectionPool;
import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded H2 database under {@code storage.path}.
 *
 * <p>Three H2 settings decide whether an acknowledged event survives, and what it costs:
 *
 * <ul>
 *   <li>{@code WRITE_DELAY=0} in the URL: a commit reaches the file before it returns (H2's default
 *       keeps commits in memory for 500 ms, and a kill -9 then loses acknowledged events). It also
 *       stops H2's background writer, so no store ever runs asynchronously behind a commit.
 *   <li>{@link #commitDurably}: commit and fsync under one lock, so no other writer's chunk lands
 *       between a commit and its sync, and every transaction of the hot path is on disk when the
 *       call returns (power-loss safety, docs/storage.md).
 *   <li>{@code RETENTION_TIME} stays at H2's 45 s. H2 finds the newest chunk after a crash by
 *       following a chain from the file header; a short retention lets freed chunks of that chain
 *       be overwritten, and a kill -9 between a chunk and the next header write then loses commits
 *       that were already acknowledged: with 1 s, {@code KillDuringReceiveTest} lost one in its
 *       second trial.
 *   <li>{@code MAX_COMPACT_TIME=0}: no compaction when the database closes. H2's close moves the
 *       newest chunks towards the start of the file and writes a clean header; a reopen then fell
 *       back past them to an older version, losing every commit since (seen in {@code
 *       KillDuringReceiveTest} on a file closed cleanly after a kill's replay: header at version
 *       169, opened at 161; H2's own tracker has the same loss after close-time compaction). {@link
 *       #compact} rewrites live pages into new chunks instead and never moves one.
 * </ul>
 *
 * Because the background writer is off, H2 does no housekeeping of its own: {@link #compact} does
 * it.
 */
public final class Database implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Database.class);
  private static final String FILE_NAME = "chekt-bridge";

  /**
   * H2's page cache, in KiB. H2 keeps 16 MiB whatever the heap; in the unit's 64 MiB heap that is
   * most of the old generation, and every commit's copy-on-write pages churn through it, so the
   * collector promoted them and ran a 70 ms full collection every few seconds under load. The pages
   * the daemon reads again (the right edge of the journal tables, the front of the outbox queue,
   * the small state tables) fit in 2 MiB; docs/storage.md has the measurements.
   */
  static final int PAGE_CACHE_KIB = 2048;

  /** H2's DATABASE_IS_CLOSED: the store closed itself, e.g. after a write failed on a full disk. */
  private static final int DATABASE_IS_CLOSED = 90098;

  /** H2's DATABASE_ALREADY_OPEN: another process holds the file. */
  private static final int DATABASE_ALREADY_OPEN = 90020;

  private final Path directory;
  private final String url;
  private volatile JdbcConnectionPool pool;

  /** Set when a reopen found the file damaged: every later use fails with it. */
  private volatile DatabaseRefusedException refused;

  private long lastReopen;
  private final ReentrantLock commitLock = new ReentrantLock();
  private final ReentrantLock backupLock = new ReentrantLock();
  private FileChannel syncChannel;
  private volatile boolean fsync = true;
  private volatile boolean warnedUnrecoverable;

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

  /**
   * Opens the database in {@code directory} and applies pending migrations; creates a new one only
   * where no file exists (and {@link StoreVersionMark} does not say one did). An existing file that
   * is empty, read-only, unopenable, older than the mark or unreadable in a table is refused with a
   * {@link DatabaseRefusedException}, never replaced.
   */
  public static Database open(Path directory) throws SQLException, IOException {
    return open(directory, OlderState.REFUSE, "");
  }

  /**
   * As {@link #open(Path)}, but a database H2 opens below the store-version mark is opened anyway
   * when {@code olderState} says what rebuilds it (the daemon: its event journal); the mark then
   * follows the database.
   */
  public static Database open(Path directory, OlderState olderState)
      throws SQLException, IOException {
    return open(directory, olderState, "");
  }

  /**
   * Tests only: {@code urlSettings} such as {@code ;RETENTION_TIME=0} let a test see compaction
   * work without waiting out H2's retention time.
   */
  static Database open(Path directory, String urlSettings) throws SQLException, IOException {
    return open(directory, OlderState.REFUSE, urlSettings);
  }

  private static Database open(Path directory, OlderState olderState, String urlSettings)
      throws SQLException, IOException {
    Files.createDirectories(directory);
    StoreVersionMark mark = new StoreVersionMark(directory);
    Path file = dataFile(directory);
    refuseUnusable(file, mark);
    boolean olderAccepted = Files.exists(file) && inspectReadOnly(directory, olderState);
    Database db = new Database(directory, url(directory) + urlSettings);
    try {
      long opened = db.openedVersion();
      if (olderAccepted) {
        mark.replace(opened);
      }
      refuseOlderState(directory, opened);
      new SchemaMigrator(db).migrate();
      try (Connection c = db.connection()) {
        refuseIfUnreadable(file, StorageCheck.quick(c));
      }
      db.markRecoverableVersion();
    } catch (SQLException | IOException | RuntimeException e) {
      db.pool.dispose();
      throw e;
    }
    return db;
  }

  /** The JDBC URL of the database in {@code directory}, with the settings every opener uses. */
  static String url(Path directory) {
    // the trace file records H2's own errors; bounded at 1 MiB (plus one .old copy), it never fills
    // an SD card
    return "jdbc:h2:file:"
        + directory.toAbsolutePath().resolve(FILE_NAME)
        + ";WRITE_DELAY=0;MAX_COMPACT_TIME=0;DB_CLOSE_ON_EXIT=FALSE;AUTO_RECONNECT=FALSE;LOCK_TIMEOUT=10000"
        + ";TRACE_MAX_FILE_SIZE=1;CACHE_SIZE="
        + PAGE_CACHE_KIB;
  }

  /**
   * Refuses a file that exists but cannot be a whole database, before H2 sees it: H2 would quietly
   * create a new database over an empty file and open a read-only one read-only. Only a folder with
   * no database file at all gets a new one. A file the running bridge's full check found damaged is
   * refused too, though the start's own check may not reach the damage.
   */
  private static void refuseUnusable(Path file, StoreVersionMark mark)
      throws IOException, DatabaseRefusedException {
    if (!Files.exists(file)) {
      if (mark.exists()) {
        throw DatabaseRefusedException.missing(file, mark.file());
      }
      LOG.info("No database in {} yet: creating a new one", file.getParent());
      // a finding about a file that is gone must not refuse the new one
      new DamageRecord(file.getParent()).delete();
      return;
    }
    if (Files.size(file) == 0) {
      throw DatabaseRefusedException.damaged(
          file, "is empty (0 bytes; a full disk or a failing SD card?)", null);
    }
    if (!Files.isWritable(file)) {
      throw DatabaseRefusedException.readOnly(file, System.getProperty("user.name"));
    }
    Optional<String> found = new DamageRecord(file.getParent()).read();
    if (found.isPresent()) {
      throw DatabaseRefusedException.damaged(
          file, "was found damaged while the bridge ran (" + found.get() + ")", null);
    }
  }

  /**
   * Looks at an existing file read-only before H2 opens it for writing: opened for writing, H2
   * rewrites the header of a file it opens at an older state and truncates what it cannot use, and
   * the installer's evidence (and {@code storage recover}'s material) would be gone by the time it
   * is refused.
   */
  private static boolean inspectReadOnly(Path directory, OlderState olderState)
      throws SQLException {
    try (Connection c =
        DriverManager.getConnection(url(directory) + ";ACCESS_MODE_DATA=r", "bridge", "")) {
      boolean olderAccepted =
          olderStateRebuildable(directory, mvStore(c).getCurrentVersion(), olderState, c);
      if (SchemaMigrator.isCurrent(c)) {
        // an older schema lacks tables its migrations add: it is checked after migrating instead
        refuseIfUnreadable(dataFile(directory), StorageCheck.quick(c));
      }
      return olderAccepted;
    } catch (SQLException e) {
      if (e.getErrorCode() == DATABASE_ALREADY_OPEN || e instanceof DatabaseRefusedException) {
        throw e;
      }
      throw DatabaseRefusedException.damaged(
          dataFile(directory), "cannot be opened (" + h2Message(e) + ")", e);
    }
  }

  private static void refuseIfUnreadable(Path file, List<String> problems)
      throws DatabaseRefusedException {
    if (!problems.isEmpty()) {
      throw DatabaseRefusedException.damaged(
          file, "is damaged (" + String.join("; ", problems) + ")", null);
    }
  }

  /**
   * Opens the file (H2 opens it at the first connection) and returns the store version it opened
   * at. A file H2 cannot open is refused as damaged; one that another process holds is not (H2's
   * error then says so, and it is not damage).
   */
  private long openedVersion() throws SQLException {
    try (Connection c = pool.getConnection()) {
      return mvStore(c).getCurrentVersion();
    } catch (SQLException e) {
      if (e.getErrorCode() == DATABASE_ALREADY_OPEN || e instanceof DatabaseRefusedException) {
        throw e;
      }
      throw DatabaseRefusedException.damaged(
          dataFile(), "cannot be opened (" + h2Message(e) + ")", e);
    }
  }

  /**
   * Below the mark: refused unless {@code olderState} names what rebuilds it. Returns whether an
   * older state was accepted.
   */
  private static boolean olderStateRebuildable(
      Path directory, long opened, OlderState olderState, Connection readOnly) throws SQLException {
    long expected = new StoreVersionMark(directory).read();
    if (opened >= expected) {
      return false;
    }
    Optional<String> rebuild = olderState.rebuildable(readOnly);
    if (rebuild.isEmpty()) {
      refuseOlderState(directory, opened);
    }
    LOG.warn(
        "The database opened at an older state than the bridge had written (store version {}, expected at least "
            + "{}): H2's crash recovery dropped its newest chunks. Nothing is lost: {}; the site state and cloud deliveries "
            + "since then are rebuilt from them (the cloud answers repeats by their Idempotency-Keys)",
        opened,
        expected,
        rebuild.get());
    return true;
  }

  /**
   * H2 fell back to an older version than {@link StoreVersionMark} recorded: newer chunks are
   * damaged or cut off.
   */
  private static void refuseOlderState(Path directory, long opened)
      throws DatabaseRefusedException {
    long expected = new StoreVersionMark(directory).read();
    if (opened < expected) {
      throw DatabaseRefusedException.damaged(
          dataFile(directory),
          "opens at an older state than the bridge had written (store "
              + "version "
              + opened
              + ", expected at least "
              + expected
              + "): it was truncated or damaged",
          null);
    }
  }

  /**
   * A read that failed on damage the open's quick check did not reach (a start-up read deeper into
   * a table): the same one-line refusal as at open, or empty when {@code e} is not damage.
   */
  public Optional<DatabaseRefusedException> refusalFor(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      boolean corrupt =
          t instanceof SQLException s && s.getErrorCode() == org.h2.api.ErrorCode.FILE_CORRUPTED_1;
      // H2 hands a store error to JDBC as a General error quoting the MVStoreException
      boolean store =
          t instanceof org.h2.mvstore.MVStoreException
              || String.valueOf(t.getMessage()).contains("org.h2.mvstore.MVStoreException");
      if (corrupt || store) {
        return Optional.of(
            DatabaseRefusedException.damaged(dataFile(), "is damaged (" + h2Message(e) + ")", e));
      }
    }
    return Optional.empty();
  }

  /** H2's message without the SQL and the generic advice it appends. */
  private static String h2Message(SQLException e) {
    // H2 quotes the Java exceptions behind a store error by class name: noise on an installer's
    // screen
    return JAVA_EXCEPTION_NAME
        .matcher(StorageCheck.firstLine(e).replace(" Possible solution: use the recovery tool", ""))
        .replaceAll("");
  }

  /**
   * {@code org.h2.mvstore.MVStoreException: }, {@code java.nio.BufferUnderflowException} and the
   * like.
   */
  private static final java.util.regex.Pattern JAVA_EXCEPTION_NAME =
      java.util.regex.Pattern.compile("(?:[a-z]\\w*\\.)+\\w*Exception(?:: )?");

  /**
   * Records that a full read found this database damaged, so the next start is refused even though
   * its cheap check may not reach the damage ({@link DamageRecord}).
   */
  void recordDamage(String finding) throws IOException {
    new DamageRecord(directory).write(finding);
  }

  /**
   * Records the version H2's recovery is now sure to reach ({@link StoreVersionMark}); the storage
   * watch calls it after each passing check, {@link #close} after the shutdown.
   */
  public void markRecoverableVersion() throws SQLException, IOException {
    new StoreVersionMark(directory).advance(recoverableVersion());
  }

  /**
   * Commits {@code c}'s transaction and forces the data file to disk before returning. Every H2
   * writer (the journal's indexer, the state machine, cloud sync) commits through here; the ACK
   * point is the segment journal, never an H2 commit.
   */
  public void commitDurably(Connection c) throws SQLException {
    durably(c::commit);
  }

  /** The body of a write transaction. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  /**
   * Runs {@code work} as one transaction, committed as {@link #commitDurably} does, with no other
   * write transaction open meanwhile. H2 stores every map's changes at each commit, an open
   * transaction's uncommitted rows and undo log included; after a kill its recovery has been seen
   * to keep such rows half rolled back, and an insert over them then never returns
   * (docs/storage.md). Holding the commit lock for the whole transaction means no store ever sees
   * another writer's transaction open. Keep the work small: H2 also stores by itself when a
   * transaction's unsaved changes pass its cache threshold.
   */
  public <T> T inTransaction(Work<T> work) throws SQLException {
    return transaction(work, this::commitDurably);
  }

  /**
   * Runs {@code work} as {@link #inTransaction} does and returns once H2's crash recovery is sure
   * to reach the commit (or once it has logged that it may not): for writes that no journal can
   * replay (a delivery mark, a dead letter, an installer's retry). After a kill H2 finds its newest
   * chunk from the file header, which it rewrites only now and then, and a commit in a chunk the
   * header does not lead to is dropped (docs/storage.md). A header write always names the chunk
   * before the one being written, so a one-row commit right after, with H2's header flagged for
   * rewriting, makes the first one reachable.
   */
  public <T> T inRecoverableTransaction(Work<T> work) throws SQLException {
    return transaction(
        work,
        c -> {
          c.commit();
          // one sync for the change, its checkpoint and the header H2 wrote between them
          durably(() -> checkpoint(c));
        });
  }

  /** How a transaction of {@link #transaction} ends once its work is done. */
  @FunctionalInterface
  private interface Ending {
    void commit(Connection c) throws SQLException;
  }

  /**
   * {@code work} on a connection of its own, ended by {@code ending}, under the commit lock; rolled
   * back when either fails.
   */
  private <T> T transaction(Work<T> work, Ending ending) throws SQLException {
    commitLock.lock();
    try (Connection c = connection()) {
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        ending.commit(c);
        return result;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } finally {
      commitLock.unlock();
    }
  }

  /**
   * Brings the file header up to the chunk of the commit just made on {@code c}; the caller holds
   * the commit lock, so no other chunk lands between, and syncs after. It never fails the caller:
   * the change is committed, and should the header not follow (a later H2 that ignores the flag, a
   * failing disk), a crash may undo it, which is logged.
   */
  private void checkpoint(Connection c) {
    try (PreparedStatement checkpoint =
        c.prepareStatement(
            "MERGE INTO store_checkpoint (id, store_version) KEY (id) VALUES (1, ?)")) {
      FileStore<?> file = mvStore(c).getFileStore();
      long target = file.lastChunkVersion();
      long reached = fileHeaderVersion(dataFile());
      for (int attempt = 0; attempt < 2 && reached < target; attempt++) {
        // H2's FileStore.HDR_CLEAN: the next chunk written removes it and rewrites the header
        file.getStoreHeader().put("clean", 1);
        checkpoint.setLong(1, target);
        checkpoint.executeUpdate();
        c.commit();
        reached = fileHeaderVersion(dataFile());
      }
      if (reached < target) {
        warnUnrecoverable("its file header names version " + reached + ", not " + target);
      }
    } catch (SQLException | IOException | RuntimeException e) {
      rollbackQuietly(c);
      warnUnrecoverable(e.getMessage());
    }
  }

  private static void rollbackQuietly(Connection c) {
    try {
      c.rollback();
    } catch (SQLException e) {
      LOG.debug("Rolling back a failed checkpoint: {}", e.toString());
    }
  }

  private void warnUnrecoverable(String why) {
    String message =
        "H2 may not find the last outbox change in {} after a crash ({}): an event whose delivery"
            + " mark is undone is sent again and the cloud answers it as a duplicate; nothing is"
            + " lost. Tell the chekt-bridge developers if this repeats";
    if (warnedUnrecoverable) {
      LOG.debug(message, dataFile(), why);
    } else {
      warnedUnrecoverable = true;
      LOG.warn(message, dataFile(), why);
    }
  }

  /**
   * What {@link #durably} commits: a JDBC transaction, a recoverable one's checkpoint, or H2's
   * store after compaction.
   */
  @FunctionalInterface
  private interface Commit {
    void run() throws SQLException;
  }

  private void durably(Commit commit) throws SQLException {
    commitLock.lock();
    try {
      commit.run();
      if (fsync) {
        sync();
      }
    } catch (IOException e) {
      // SQLState class 58: system error; the caller treats it like any failed commit (no ACK)
      throw new SQLException(
          "committed, but syncing " + dataFile() + " to disk failed: " + e.getMessage(),
          "58030",
          e);
    } finally {
      commitLock.unlock();
    }
  }

  private void sync() throws IOException {
    try {
      if (syncChannel == null) {
        syncChannel = FileChannel.open(dataFile(), StandardOpenOption.WRITE);
      }
      syncChannel.force(false);
    } catch (IOException e) {
      closeSyncChannel();
      throw e;
    }
  }

  private void closeSyncChannel() {
    try {
      if (syncChannel != null) {
        syncChannel.close();
      }
    } catch (IOException e) {
      LOG.debug("Closing the data file's sync channel: {}", e.toString());
    }
    syncChannel = null;
  }

  /**
   * Benchmarks only: commit without fsync, to measure what durability costs. A daemon never runs
   * like this (a power cut would lose acknowledged events).
   */
  public void disableFsyncForBenchmark() {
    fsync = false;
  }

  /**
   * H2's housekeeping, which it skips with {@code WRITE_DELAY=0}: rewrites the live pages of chunks
   * that are mostly dead, so their space is reused and the file stays near the size of its data.
   * Without it a day of small commits leaves a file of mostly dead chunks. Cheap when there is
   * nothing to do; the daemon calls it every few seconds, and a pass moves at most 1 MiB so it
   * holds commits up only briefly. Returns whether anything was moved.
   */
  public boolean compact() throws SQLException {
    try (Connection c = connection()) {
      MVStore store = mvStore(c);
      boolean[] moved = {false};
      // all of it under the commit lock: rewriting pages can make H2 store a chunk, and a chunk
      // stored
      // while another thread's commit is half applied can survive a crash with that commit half
      // kept
      durably(
          () -> {
            moved[0] =
                store.compact(StoreTuning.COMPACT_BELOW_FILL_RATE, StoreTuning.COMPACT_WRITE_LIMIT);
            if (moved[0]) {
              store.commit();
            }
          });
      return moved[0];
    } catch (RuntimeException e) {
      // H2 reports a store that closed itself (disk full) as an unchecked MVStoreException
      throw new SQLException("compacting " + dataFile() + " failed: " + e.getMessage(), "58030", e);
    }
  }

  static MVStore mvStore(Connection c) throws SQLException {
    return ((SessionLocal) c.unwrap(JdbcConnection.class).getSession())
        .getDatabase()
        .getStore()
        .getMvStore();
  }

  /**
   * H2's store version now: a commit made before this call is in a chunk of this version or an
   * earlier one.
   */
  public long storeVersion() throws SQLException {
    try (Connection c = connection()) {
      return mvStore(c).getCurrentVersion();
    }
  }

  /**
   * The store version that H2's crash recovery is sure to reach: the chunk the file header names,
   * read from the file after a sync. H2 rewrites that header only now and then (when a chunk lands
   * away from where the previous chunk predicted, at most 20 versions apart), and after a kill it
   * may not find chunks written after the one the header names (see {@code docs/storage.md}). So a
   * commit is safe from recovery only once this reaches its version; the segment journal keeps what
   * it copied into H2 until then. Returns -1 when the header cannot be read.
   */
  public long recoverableVersion() throws SQLException {
    commitLock.lock();
    try {
      sync();
      return fileHeaderVersion(dataFile());
    } catch (IOException e) {
      throw new SQLException(
          "reading the store header of " + dataFile() + " failed: " + e.getMessage(), "58030", e);
    } finally {
      commitLock.unlock();
    }
  }

  /**
   * The older version of the two copies of H2's file header in {@code file}, as written so far; -1
   * if unreadable.
   */
  static long fileHeaderVersion(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      java.nio.ByteBuffer header = java.nio.ByteBuffer.allocate(2 * 4096);
      while (header.hasRemaining() && channel.read(header, header.position()) > 0) {
        // reading both copies of the store header
      }
      long version = Long.MAX_VALUE;
      for (int block = 0; block < 2; block++) {
        version =
            Math.min(
                version,
                headerVersion(
                    new String(header.array(), block * 4096, 4096, StandardCharsets.ISO_8859_1)));
      }
      return version;
    }
  }

  /**
   * The {@code version} of one copy of H2's store header ({@code
   * H:2,...,version:1f3,fletcher:...}), or -1.
   */
  static long headerVersion(String block) {
    int end = block.indexOf('\n');
    for (String field : (end < 0 ? "" : block.substring(0, end)).split(",")) {
      if (field.startsWith("version:")) {
        try {
          return Long.parseLong(field.substring("version:".length()), 16);
        } catch (NumberFormatException e) {
          return -1;
        }
      }
    }
    return -1;
  }

  /** The data file itself. */
  public Path dataFile() {
    return dataFile(directory);
  }

  /** The database file in the data folder {@code directory}. */
  public static Path dataFile(Path directory) {
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
    if (refused != null) {
      throw refused;
    }
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
    if (lastReopen != 0 && now - lastReopen < StoreTuning.REOPEN_AT_MOST_EVERY.toNanos()) {
      throw new SQLException(
          "database " + directory + " is closed; next reopen attempt within a second",
          "08003",
          DATABASE_IS_CLOSED);
    }
    lastReopen = now;
    JdbcConnectionPool old = pool;
    pool = newPool(url);
    old.dispose();
    long opened;
    try (Connection c = pool.getConnection()) {
      // an open that fails (the disk still full) is tried again within a second; only an older
      // state is final
      opened = mvStore(c).getCurrentVersion();
    }
    try {
      refuseOlderState(directory, opened);
    } catch (DatabaseRefusedException e) {
      // what H2 would reopen is not the database it closed: no reader or writer may go on with it
      refused = e;
      pool.dispose();
      throw e;
    }
    LOG.warn("Database {} was closed by H2 (a write failed); reopened it", directory);
  }

  /**
   * A consistent zip of the data file while the database is in use (restore: unzip it into
   * storage.path). The commit lock is held only while {@link FrozenStore} fixes the moment the zip
   * holds; copying and compressing the file run beside the commits, so an alarm never waits for a
   * backup. (H2's {@code BACKUP TO} under the commit lock held every commit for as long as the zip
   * took: seconds on a large file, past the cloud's 5 s.) One backup at a time.
   */
  public void backupTo(Path zip) throws SQLException, IOException {
    backupLock.lock();
    try (Connection c = connection()) {
      MVStore store = mvStore(c);
      FrozenStore frozen = freeze(store);
      try {
        frozen.writeZip(zip);
      } finally {
        commitLock.lock();
        try {
          frozen.thaw(store);
        } finally {
          commitLock.unlock();
        }
      }
    } finally {
      backupLock.unlock();
    }
  }

  /**
   * The header is brought up to the newest chunk first: H2 opens a copy as it opens a file after a
   * kill, from the chunk its header leads to, and without this the copy would lose the last commits
   * before the moment (seen in {@code DatabaseBackupTest}).
   */
  private FrozenStore freeze(MVStore store) throws SQLException, IOException {
    commitLock.lock();
    try (Connection c = connection()) {
      c.setAutoCommit(false);
      checkpoint(c);
      return FrozenStore.freeze(store, dataFile());
    } catch (RuntimeException e) {
      // H2 reports a store that closed itself (disk full) as an unchecked MVStoreException
      throw new SQLException("backing up " + dataFile() + " failed: " + e.getMessage(), "58030", e);
    } finally {
      commitLock.unlock();
    }
  }

  /** Runs a statement that needs no result; for small maintenance tasks. */
  public void execute(String sql) throws SQLException {
    try (Connection c = connection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  /**
   * Shuts H2 down and records the version it closed at. Callers stop every thread that uses the
   * database first: an interrupt or a query meeting the shutdown mid-way leaves exceptions in H2's
   * trace file.
   */
  @Override
  public void close() {
    commitLock.lock();
    try {
      closeSyncChannel();
    } finally {
      commitLock.unlock();
    }
    if (refused != null) {
      // the reopen was refused and its pool disposed: opening the file again here would repeat that
      return;
    }
    // a connection of its own, not a pooled one: the pool rolls a connection back when it is
    // returned,
    // which after SHUTDOWN fails and leaves "Database is already closed" in H2's trace file
    try (Connection c = DriverManager.getConnection(url, "bridge", "");
        Statement s = c.createStatement()) {
      pool.dispose();
      s.execute("SHUTDOWN");
    } catch (SQLException e) {
      LOG.warn(
          "H2 did not shut down cleanly ({}); it will recover on the next start", e.getMessage());
    }
    pool.dispose();
    try {
      new StoreVersionMark(directory).advance(fileHeaderVersion(dataFile()));
    } catch (IOException e) {
      LOG.warn("Could not record the database's version in {}: {}", directory, e.getMessage());
    }
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
