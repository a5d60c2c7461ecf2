package io.chektbridge.daemon.journal;

import io.chektbridge.daemon.store.OlderState;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;

/**
 * A database H2 opened at an older state loses nothing when the journal still holds every message
 * after the position that state records: the start-up replay copies them in again, with the same
 * ids, and all that was built from them (site state, outbox) is built again. The journal keeps a
 * segment until H2's header confirms its copy, so this holds unless H2 fell back below a confirmed
 * header.
 */
public final class JournalCoverage implements OlderState {
  private final Path journalDirectory;

  public JournalCoverage(Path dataDirectory) {
    this.journalDirectory = SegmentEventJournal.directoryIn(dataDirectory);
  }

  @Override
  public Optional<String> rebuildable(Connection readOnly) throws SQLException {
    long applied;
    try (Statement s = readOnly.createStatement();
        ResultSet rs = s.executeQuery("SELECT applied_seq FROM journal_position WHERE id = 1")) {
      if (!rs.next()) {
        return Optional.empty();
      }
      applied = rs.getLong(1);
    } catch (SQLException e) {
      // a database from before the journal, or one too damaged to say its position
      return Optional.empty();
    }
    List<Long> segments;
    try {
      segments = SegmentLog.segments(journalDirectory);
    } catch (IOException e) {
      return Optional.empty();
    }
    if (segments.isEmpty() || segments.get(0) > applied + 1) {
      return Optional.empty();
    }
    return Optional.of(
        "the event journal in "
            + journalDirectory
            + " holds every message after "
            + applied
            + ", and they are copied in again");
  }
}
