package io.chektbridge.daemon.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * {@code storage recover}: moves a damaged database aside (never deletes it), salvages every row H2
 * can still read from a copy of it into a new database, and sets the journal's position back so the
 * segments still on disk (everything acknowledged that H2 was not yet sure to keep) are copied in
 * again at the next start, and the state machine reprocesses their events (outbox rows are not
 * queued twice).
 */
public final class StorageRecovery {
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final Path directory;
  private final Clock clock;

  public StorageRecovery(Path directory, Clock clock) {
    this.directory = directory.toAbsolutePath();
    this.clock = clock;
  }

  /**
   * One table's outcome: rows saved, and how many it held by its own count (null when that is
   * unreadable too).
   */
  public record TableOutcome(String table, long saved, Long held) {
    public Long lost() {
      return held == null ? null : Math.max(0, held - saved);
    }
  }

  /**
   * What was done. {@code journalFrom} is the first journal message copied again at start (0: no
   * segments on disk); {@code messagesLost} counts message ids neither saved nor in the journal.
   */
  public record Outcome(
      Path damagedFile,
      List<TableOutcome> tables,
      long journalFrom,
      long messagesLost,
      boolean readable) {}

  public Outcome recover() throws IOException, SQLException {
    Path file = Database.dataFile(directory);
    if (!Files.exists(file)) {
      throw new IOException("there is no database at " + file + " to recover");
    }
    refuseWhileInUse(file);
    Path aside =
        file.resolveSibling(file.getFileName() + ".damaged-" + STAMP.format(clock.instant()));
    Files.move(file, aside);
    Path work = Files.createTempDirectory(directory, "recover-");
    try {
      Files.copy(aside, Database.dataFile(work));
      new StoreVersionMark(directory).delete();
      try (Database target = Database.open(directory)) {
        return salvage(aside, work, target);
      }
    } finally {
      deleteTree(work);
    }
  }

  private Outcome salvage(Path aside, Path work, Database target) throws SQLException, IOException {
    List<TableOutcome> tables = new ArrayList<>();
    boolean readable;
    try (DamagedSource source = DamagedSource.open(work)) {
      readable = source.opens();
      try (Connection to = target.connection()) {
        to.setAutoCommit(false);
        for (String table : StorageCheck.expectedTables()) {
          if (!table.equals("SCHEMA_VERSION")) {
            tables.add(copyTable(source, to, table));
          }
        }
        restartIdentities(to);
        to.commit();
      }
    }
    long journalFrom = firstJournalSeq();
    long lost = target.inTransaction(c -> rewind(c, journalFrom));
    return new Outcome(aside, tables, journalFrom, lost, readable);
  }

  private static TableOutcome copyTable(DamagedSource source, Connection to, String table)
      throws SQLException {
    try (Statement s = to.createStatement()) {
      // the new database's own first rows (instance id, positions) give way to the salvaged ones;
      // what
      // cannot be salvaged is set from the rows that were (see rewind)
      s.executeUpdate("DELETE FROM " + table);
    }
    to.commit();
    List<String> columns = source.opens() ? source.columns(table) : List.of();
    if (columns.isEmpty()) {
      return new TableOutcome(table.toLowerCase(Locale.ROOT), 0, null);
    }
    columns.retainAll(columnsOf(to, table));
    long saved = new RowSalvage(source::connection, to, table, columns).run();
    return new TableOutcome(table.toLowerCase(Locale.ROOT), saved, source.count(table));
  }

  static List<String> columnsOf(Connection c, String table) throws SQLException {
    List<String> out = new ArrayList<>();
    try (var p =
        c.prepareStatement(
            "SELECT COLUMN_NAME FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = 'PUBLIC'"
                + " AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION")) {
      p.setString(1, table);
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
    }
    return out;
  }

  /**
   * Identity columns go on after the highest id saved, so new rows never take a salvaged row's id.
   */
  private static void restartIdentities(Connection c) throws SQLException {
    List<String[]> identities = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT TABLE_NAME, COLUMN_NAME FROM"
                    + " INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = 'PUBLIC' AND IS_IDENTITY = 'YES'")) {
      while (rs.next()) {
        identities.add(new String[] {rs.getString(1), rs.getString(2)});
      }
    }
    for (String[] id : identities) {
      long next;
      try (Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery("SELECT COALESCE(MAX(" + id[1] + "), 0) + 1 FROM " + id[0])) {
        rs.next();
        next = rs.getLong(1);
      }
      try (Statement s = c.createStatement()) {
        s.execute("ALTER TABLE " + id[0] + " ALTER COLUMN " + id[1] + " RESTART WITH " + next);
      }
    }
  }

  /**
   * Sets the journal's position before the first message its segments hold, so the indexer copies
   * them all in again (replacing any salvaged copy with the same ids), and the state machine's
   * cursor before their events. Returns how many message ids below that are in neither place.
   */
  private static long rewind(Connection c, long journalFrom) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.executeUpdate(
          "MERGE INTO journal_position (id, applied_seq) KEY (id) VALUES (1, "
              + "COALESCE((SELECT applied_seq FROM journal_position WHERE id = 1), (SELECT MAX(id) FROM inbound_message), 0))");
      s.executeUpdate(
          "MERGE INTO state_cursor (id, last_event_id) KEY (id) VALUES (1, COALESCE("
              + "(SELECT last_event_id FROM state_cursor WHERE id = 1), (SELECT MAX(panel_event_id) FROM outbox), 0))");
      if (!hasInstanceId(s)) {
        s.executeUpdate(
            "INSERT INTO bridge_meta (name, val) VALUES ('instance_id', RANDOM_UUID())");
      }
      if (journalFrom > 0) {
        s.executeUpdate(
            "UPDATE journal_position SET applied_seq = LEAST(applied_seq, "
                + (journalFrom - 1)
                + ")");
        s.executeUpdate(
            "UPDATE state_cursor SET last_event_id = LEAST(last_event_id, COALESCE((SELECT MAX(id) FROM"
                + " panel_event WHERE message_id < "
                + journalFrom
                + "), 0))");
      }
      try (ResultSet rs =
          s.executeQuery(
              "SELECT p.applied_seq - (SELECT COUNT(*) FROM inbound_message m"
                  + " WHERE m.id <= p.applied_seq) FROM journal_position p WHERE p.id = 1")) {
        rs.next();
        return Math.max(0, rs.getLong(1));
      }
    }
  }

  private static boolean hasInstanceId(Statement s) throws SQLException {
    try (ResultSet rs =
        s.executeQuery("SELECT COUNT(*) FROM bridge_meta WHERE name = 'instance_id'")) {
      rs.next();
      return rs.getLong(1) > 0;
    }
  }

  /**
   * The seq of the oldest journal segment's first record (segments are named by it), or 0 when
   * there are none.
   */
  private long firstJournalSeq() throws IOException {
    Path journal = directory.resolve("journal");
    if (!Files.isDirectory(journal)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(journal)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.matches("\\d+\\.seg"))
          .mapToLong(n -> Long.parseLong(n.substring(0, n.length() - 4)))
          .min()
          .orElse(0);
    }
  }

  /**
   * H2 locks the file while it has it open; a running bridge must not have its database moved away.
   */
  private static void refuseWhileInUse(Path file) throws IOException {
    try (FileChannel channel =
            FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock = channel.tryLock()) {
      if (lock == null) {
        throw inUse(file);
      }
    } catch (OverlappingFileLockException e) {
      throw inUse(file);
    }
  }

  private static IOException inUse(Path file) {
    return new IOException(
        file
            + " is in use (is chekt-bridge running?); stop it first: sudo systemctl stop chekt-bridge");
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /**
   * The damaged database, opened from a copy; with both header copies damaged, the copy gets a new
   * header.
   */
  private static final class DamagedSource implements AutoCloseable {
    private final Path work;
    private Connection connection;

    private DamagedSource(Path work) {
      this.work = work;
    }

    static DamagedSource open(Path work) throws IOException {
      DamagedSource source = new DamagedSource(work);
      try {
        source.connection();
      } catch (SQLException e) {
        StoreHeader.rewrite(Database.dataFile(work));
        try {
          source.connection();
        } catch (SQLException again) {
          source.connection = null;
        }
      }
      return source;
    }

    boolean opens() {
      return connection != null;
    }

    /** The open connection, or a new one when H2 closed the store after reading a damaged page. */
    Connection connection() throws SQLException {
      if (connection == null || connection.isClosed() || !connection.isValid(5)) {
        close();
        connection = DriverManager.getConnection(Database.url(work), "bridge", "");
      }
      return connection;
    }

    List<String> columns(String table) {
      try {
        return columnsOf(connection(), table);
      } catch (SQLException e) {
        return List.of();
      }
    }

    /**
     * The table's own row count (kept in its root page), or null when that cannot be read either.
     */
    Long count(String table) {
      try (Statement s = connection().createStatement();
          ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
        rs.next();
        return rs.getLong(1);
      } catch (SQLException | RuntimeException e) {
        return null;
      }
    }

    @Override
    public void close() {
      try {
        if (connection != null) {
          connection.close();
        }
      } catch (SQLException e) {
        // a damaged store may not close cleanly; it is a temporary copy
      }
      connection = null;
    }
  }
}
