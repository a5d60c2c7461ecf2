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
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.h2.api.ErrorCode;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVStoreException;

/**
 * Reads the database the way the bridge uses it, so damage is found before it costs events: H2
 * opens a file whose table definitions or pages are damaged and only fails (or quietly leaves a
 * table out) when those pages are read.
 *
 * <p>{@link #quick} is cheap enough to run every few seconds: every table the migrations create
 * exists; the tables that grow with traffic give their newest and oldest rows and the head of the
 * pending outbox (what cloud sync reads next); every other table is read whole, since the daemon
 * loads it whole at start (a damaged zone_state page must refuse the start with the recover advice,
 * not fail it later with an H2 error). {@link #full} reads every row of every table, for {@code
 * storage check} and the running daemon's full check ({@link StorageWatch}), which finds the damage
 * inside a growing table that the cheap check cannot reach.
 */
public final class StorageCheck {
  private static final Pattern CREATE_TABLE =
      Pattern.compile("CREATE TABLE (?:IF NOT EXISTS )?(\\w+)", Pattern.CASE_INSENSITIVE);
  private static final int EDGE_ROWS = 100;

  /** The tables that grow with traffic; {@link #quick} reads their edges only. */
  private static final Set<String> GROWING =
      Set.of("INBOUND_MESSAGE", "PANEL_EVENT", "OUTBOX", "STATE_AUDIT", "CLOUD_ATTEMPT");

  private static final Pattern H2_WRAPPED =
      Pattern.compile("General error: \"[\\w.]+Exception: (.*)\"");

  /** Rows per query of a whole-table read, so a daemon's small heap never holds a table whole. */
  private static final int PAGE_ROWS = 1000;

  /** H2's store error codes that mean the file's bytes are wrong, not that the store is closed. */
  private static final Set<Integer> DAMAGE_CODES =
      Set.of(
          DataUtils.ERROR_FILE_CORRUPT,
          DataUtils.ERROR_CHUNK_NOT_FOUND,
          DataUtils.ERROR_BLOCK_NOT_FOUND);

  private static final Pattern WRAPPED_STORE_CODE =
      Pattern.compile("MVStoreException: .*\\[[\\d.]+/(\\d+)]");

  private StorageCheck() {}

  /**
   * What one table gave: the rows read, or why it could not be read (null when it could). {@code
   * damaged} says the file itself is wrong (H2 found a corrupt page, a table is missing, or its
   * count differs from the rows read), not that the read was cut short by a closed store or a stop.
   */
  public record TableResult(String table, long rows, String problem, boolean damaged) {
    TableResult(String table, long rows) {
      this(table, rows, null, false);
    }
  }

  /**
   * The tables every bridge database holds: those the migrations create, and {@code
   * schema_version}.
   */
  static Set<String> expectedTables() {
    Set<String> names = new TreeSet<>();
    names.add("SCHEMA_VERSION");
    for (Migration m : Migration.available()) {
      try {
        Matcher matcher = CREATE_TABLE.matcher(Database.resource(m.fileName()));
        while (matcher.find()) {
          names.add(matcher.group(1).toUpperCase(Locale.ROOT));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return names;
  }

  /** The cheap check; returns one problem per damaged table, empty when all reads worked. */
  public static List<String> quick(Connection c) {
    List<String> problems = new ArrayList<>();
    for (TableResult r : read(c, new Reach(false, false, () -> false))) {
      if (r.problem() != null) {
        problems.add(r.problem());
      }
    }
    return problems;
  }

  /**
   * Every row of every table, and each table's row count compared with the rows read; one result
   * per table, in name order. For a database nobody writes meanwhile ({@code storage check}).
   */
  public static List<TableResult> full(Connection c) {
    return read(c, new Reach(true, true, () -> false));
  }

  /**
   * Every row of every table while the daemon's writers go on: no count is compared (rows come and
   * go between pages), and the read gives up between pages once {@code stopped} says so; the tables
   * not read whole then say so, as a problem that is not damage.
   */
  static List<TableResult> fullBesideWriters(Connection c, BooleanSupplier stopped) {
    return read(c, new Reach(true, false, stopped));
  }

  /**
   * How far a check reads: every row or the cheap selection, whether counts are compared, until
   * when.
   */
  private record Reach(boolean everyRow, boolean counted, BooleanSupplier stopped) {}

  private static List<TableResult> read(Connection c, Reach reach) {
    List<TableResult> results = new ArrayList<>();
    Set<String> present;
    try {
      present = presentTables(c);
    } catch (SQLException | RuntimeException e) {
      return List.of(
          new TableResult(
              "(catalog)", 0, "the list of tables cannot be read: " + firstLine(e), isDamage(e)));
    }
    for (String table : expectedTables()) {
      if (!present.contains(table)) {
        results.add(
            new TableResult(
                table,
                0,
                "table "
                    + table.toLowerCase(Locale.ROOT)
                    + " is missing: its definition could not be read",
                true));
        continue;
      }
      results.add(readTable(c, table, reach));
    }
    return results;
  }

  private static TableResult readTable(Connection c, String table, Reach reach) {
    long rows = 0;
    try (Statement s = c.createStatement()) {
      if (reach.everyRow()) {
        rows = readPaged(c, table, reach.stopped());
        return reach.counted() ? compareCount(s, table, rows) : new TableResult(table, rows);
      }
      if (!GROWING.contains(table)) {
        return new TableResult(table, readPaged(c, table, reach.stopped()));
      }
      for (String q : edgeQueries(table)) {
        rows += readAll(s, q);
      }
      return new TableResult(table, rows);
    } catch (SQLException | RuntimeException e) {
      return new TableResult(
          table,
          rows,
          "table " + table.toLowerCase(Locale.ROOT) + " cannot be read: " + firstLine(e),
          isDamage(e));
    }
  }

  private static TableResult compareCount(Statement s, String table, long rows)
      throws SQLException {
    long counted = count(s, table);
    if (counted != rows) {
      return new TableResult(
          table,
          rows,
          "table "
              + table.toLowerCase(Locale.ROOT)
              + " says it holds "
              + counted
              + " rows but "
              + rows
              + " could be read",
          true);
    }
    return new TableResult(table, rows);
  }

  /** The oldest and newest rows of a growing table, and for the outbox the head of its queue. */
  private static List<String> edgeQueries(String table) {
    List<String> queries =
        new ArrayList<>(
            List.of(
                "SELECT * FROM " + table + " ORDER BY _ROWID_ DESC LIMIT " + EDGE_ROWS,
                "SELECT * FROM " + table + " ORDER BY _ROWID_ LIMIT " + EDGE_ROWS));
    if (table.equals("OUTBOX")) {
      // the queue's first rows through its own index, outbox_queue (status, priority, id)
      queries.add(
          "SELECT * FROM outbox WHERE status = 'pending' ORDER BY status, priority, id LIMIT "
              + EDGE_ROWS);
    }
    return queries;
  }

  /**
   * Every row in row-id order, {@link #PAGE_ROWS} to a query: H2 builds a query's whole result
   * before handing out its first row, which for a big table would not fit the daemon's heap.
   */
  private static long readPaged(Connection c, String table, BooleanSupplier stopped)
      throws SQLException {
    long rows = 0;
    long after = Long.MIN_VALUE;
    try (PreparedStatement p =
        c.prepareStatement(
            "SELECT _ROWID_, * FROM "
                + table
                + " WHERE _ROWID_ > ? ORDER BY _ROWID_ LIMIT "
                + PAGE_ROWS)) {
      while (true) {
        if (stopped.getAsBoolean()) {
          throw new SQLException("the check was stopped after " + rows + " rows", "57014");
        }
        p.setLong(1, after);
        long read = 0;
        try (ResultSet rs = p.executeQuery()) {
          int columns = rs.getMetaData().getColumnCount();
          while (rs.next()) {
            after = rs.getLong(1);
            for (int i = 2; i <= columns; i++) {
              rs.getObject(i);
            }
            read++;
          }
        }
        rows += read;
        if (read < PAGE_ROWS) {
          return rows;
        }
      }
    }
  }

  /**
   * Whether {@code e} says the file's bytes are wrong: H2's FILE_CORRUPTED, or a store error with
   * one of {@link #DAMAGE_CODES}, thrown as it is or quoted in a General error. A closed store is
   * not, even when its cause is: the read that met the damage reports it, naming its table.
   */
  static boolean isDamage(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      int code = storeCode(t);
      if (code == DataUtils.ERROR_CLOSED
          || t instanceof SQLException s && s.getErrorCode() == ErrorCode.DATABASE_IS_CLOSED) {
        // the store was closed under the read; whoever closed it (a panic) reports why
        return false;
      }
      if (DAMAGE_CODES.contains(code)
          || t instanceof SQLException s && s.getErrorCode() == ErrorCode.FILE_CORRUPTED_1) {
        return true;
      }
    }
    return false;
  }

  /** H2's store error code of {@code t}, thrown as it is or quoted in a General error; else -1. */
  private static int storeCode(Throwable t) {
    if (t instanceof MVStoreException m) {
      return m.getErrorCode();
    }
    Matcher quoted = WRAPPED_STORE_CODE.matcher(String.valueOf(t.getMessage()));
    return quoted.find() ? Integer.parseInt(quoted.group(1)) : -1;
  }

  /** Reads every column of every row, so each row's pages are really read and decoded. */
  private static long readAll(Statement s, String query) throws SQLException {
    long n = 0;
    try (ResultSet rs = s.executeQuery(query)) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        for (int i = 1; i <= columns; i++) {
          rs.getObject(i);
        }
        n++;
      }
    }
    return n;
  }

  private static long count(Statement s, String table) throws SQLException {
    try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static Set<String> presentTables(Connection c) throws SQLException {
    Set<String> names = new TreeSet<>();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'PUBLIC'")) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    }
    return names;
  }

  /**
   * The first line of an exception's message, in installer words: H2 appends the SQL below it, and
   * wraps store errors as {@code General error: "org.h2.mvstore.MVStoreException: ..."}.
   */
  static String firstLine(Throwable e) {
    String text = String.valueOf(e.getMessage());
    int nl = text.indexOf('\n');
    String line = nl < 0 ? text : text.substring(0, nl);
    if (line.endsWith("; SQL statement:")) {
      line = line.substring(0, line.length() - "; SQL statement:".length());
    }
    Matcher wrapped = H2_WRAPPED.matcher(line);
    return wrapped.matches() ? wrapped.group(1) : line;
  }
}
