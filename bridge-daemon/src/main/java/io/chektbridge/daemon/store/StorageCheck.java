package io.chektbridge.daemon.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
 * storage check}.
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

  private StorageCheck() {}

  /** What one table gave: the rows read, or why it could not be read (null when it could). */
  public record TableResult(String table, long rows, String problem) {}

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
    for (TableResult r : read(c, false)) {
      if (r.problem() != null) {
        problems.add(r.problem());
      }
    }
    return problems;
  }

  /** Every row of every table; one result per table, in name order. */
  public static List<TableResult> full(Connection c) {
    return read(c, true);
  }

  private static List<TableResult> read(Connection c, boolean everyRow) {
    List<TableResult> results = new ArrayList<>();
    Set<String> present;
    try {
      present = presentTables(c);
    } catch (SQLException | RuntimeException e) {
      return List.of(
          new TableResult("(catalog)", 0, "the list of tables cannot be read: " + firstLine(e)));
    }
    for (String table : expectedTables()) {
      if (!present.contains(table)) {
        results.add(
            new TableResult(
                table,
                0,
                "table "
                    + table.toLowerCase(Locale.ROOT)
                    + " is missing: its definition could not be read"));
        continue;
      }
      results.add(readTable(c, table, everyRow));
    }
    return results;
  }

  private static TableResult readTable(Connection c, String table, boolean everyRow) {
    List<String> queries =
        everyRow || !GROWING.contains(table)
            ? List.of("SELECT * FROM " + table + " ORDER BY _ROWID_")
            : new ArrayList<>(
                List.of(
                    "SELECT * FROM " + table + " ORDER BY _ROWID_ DESC LIMIT " + EDGE_ROWS,
                    "SELECT * FROM " + table + " ORDER BY _ROWID_ LIMIT " + EDGE_ROWS));
    if (!everyRow && table.equals("OUTBOX")) {
      // the queue's first rows through its own index, outbox_queue (status, priority, id)
      queries.add(
          "SELECT * FROM outbox WHERE status = 'pending' ORDER BY status, priority, id LIMIT "
              + EDGE_ROWS);
    }
    long rows = 0;
    try (Statement s = c.createStatement()) {
      for (String q : queries) {
        rows += readAll(s, q);
      }
      if (everyRow) {
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
                  + " could be read");
        }
      }
      return new TableResult(table, rows, null);
    } catch (SQLException | RuntimeException e) {
      return new TableResult(
          table,
          rows,
          "table " + table.toLowerCase(Locale.ROOT) + " cannot be read: " + firstLine(e));
    }
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
