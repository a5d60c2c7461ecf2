package io.chektbridge.daemon.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Copies one table's rows from a damaged database into a new one, around the pages that cannot be
 * read. Rows are read in {@code _ROWID_} ranges: a range that fails is split in two until the
 * failing part is one row id, which is given up; H2 reaches every other range through pages that
 * are whole.
 */
final class RowSalvage {
  /** Failed single-row reads per table before the rest of a failing range is given up whole. */
  private static final int MAX_FAILED_PROBES = 100_000;

  private static final int BATCH = 500;

  /**
   * Above any row id H2 gives (they count up from 1), and far enough from Long.MAX_VALUE for {@code
   * + 1}.
   */
  private static final long MAX_ROW_ID = Long.MAX_VALUE / 2;

  private final Source from;
  private final Connection to;
  private final String table;
  private final List<String> columns;
  private long saved;
  private long failedProbes;

  /** The first row id not yet copied or given up in the range being read. */
  private long resumeAt;

  /**
   * The damaged database; H2 may close it after reading a damaged page, so each read asks again.
   */
  @FunctionalInterface
  interface Source {
    Connection connection() throws SQLException;
  }

  RowSalvage(Source from, Connection to, String table, List<String> columns) {
    this.from = from;
    this.to = to;
    this.table = table;
    this.columns = columns;
  }

  /** Copies every row it can read; returns how many. */
  long run() throws SQLException {
    copy(0, MAX_ROW_ID);
    return saved;
  }

  private void copy(long lo, long hi) throws SQLException {
    resumeAt = lo;
    try {
      stream(lo, hi);
      return;
    } catch (SQLException | RuntimeException e) {
      // the rows before the failure are in; what follows it is tried again in halves
    }
    long next = resumeAt;
    if (next > hi) {
      return;
    }
    if (next == hi) {
      failedProbes++;
      return;
    }
    if (failedProbes >= MAX_FAILED_PROBES) {
      return;
    }
    long mid = next + (hi - next) / 2;
    copy(next, mid);
    copy(mid + 1, hi);
  }

  /**
   * Copies the rows of {@code [lo, hi]} in order, moving {@link #resumeAt} past each batch written.
   */
  private void stream(long lo, long hi) throws SQLException {
    List<Object[]> batch = new ArrayList<>(BATCH);
    long[] lastRowId = {lo - 1};
    try (PreparedStatement read =
        from.connection()
            .prepareStatement(
                "SELECT _ROWID_, "
                    + String.join(", ", columns)
                    + " FROM "
                    + table
                    + " WHERE _ROWID_ BETWEEN ? AND ? ORDER BY _ROWID_")) {
      read.setLong(1, lo);
      read.setLong(2, hi);
      try (ResultSet rs = read.executeQuery()) {
        while (rs.next()) {
          Object[] row = new Object[columns.size()];
          for (int i = 0; i < row.length; i++) {
            row[i] = rs.getObject(i + 2);
          }
          batch.add(row);
          lastRowId[0] = rs.getLong(1);
          if (batch.size() == BATCH) {
            insert(batch, lastRowId[0]);
          }
        }
      }
      lastRowId[0] = hi;
    } finally {
      insert(batch, lastRowId[0]);
    }
  }

  /** Writes the batch and notes that every row id up to {@code through} is done. */
  private void insert(List<Object[]> batch, long through) throws SQLException {
    if (batch.isEmpty()) {
      resumeAt = Math.max(resumeAt, through + 1);
      return;
    }
    String marks = String.join(", ", columns.stream().map(c -> "?").toList());
    try (PreparedStatement write =
        to.prepareStatement(
            "INSERT INTO "
                + table
                + " ("
                + String.join(", ", columns)
                + ") VALUES ("
                + marks
                + ")")) {
      for (Object[] row : batch) {
        for (int i = 0; i < row.length; i++) {
          write.setObject(i + 1, row[i]);
        }
        write.addBatch();
      }
      write.executeBatch();
    }
    to.commit();
    saved += batch.size();
    batch.clear();
    resumeAt = Math.max(resumeAt, through + 1);
  }
}
