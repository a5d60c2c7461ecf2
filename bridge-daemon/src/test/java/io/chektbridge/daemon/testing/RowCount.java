package io.chektbridge.daemon.testing;

import io.chektbridge.daemon.store.Database;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** The number a {@code SELECT COUNT(...)} query answers, read on a fresh connection. */
public final class RowCount {
  private RowCount() {}

  public static long of(Database db, String countQuery) throws SQLException {
    try (Connection c = db.connection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(countQuery)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
