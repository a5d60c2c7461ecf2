package io.chektbridge.daemon.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.chektbridge.daemon.journal.SegmentEventJournal;
import io.chektbridge.daemon.store.Database;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The first column of a query's rows, read once the journal has copied every acknowledged message
 * into the database: the journal is the ACK point and H2 follows asynchronously, so reading at once
 * would race.
 */
public final class DatabaseRows {
  private DatabaseRows() {}

  public static List<String> of(SegmentEventJournal journal, Database database, String sql)
      throws Exception {
    assertThat(journal.awaitAllInDatabase(Duration.ofSeconds(10)))
        .as("the journal's copy into the database")
        .isTrue();
    List<String> out = new ArrayList<>();
    try (Connection c = database.connection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }
}
