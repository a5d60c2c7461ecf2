package io.chektbridge.daemon.journal;

import static io.chektbridge.daemon.journal.SegmentEventJournalTest.burglary;
import static io.chektbridge.daemon.journal.SegmentEventJournalTest.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chektbridge.daemon.ops.Alerts;
import io.chektbridge.daemon.ops.Metrics;
import io.chektbridge.daemon.store.Database;
import io.chektbridge.daemon.store.DatabaseRefusedException;
import io.chektbridge.daemon.testing.RowCount;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * H2's crash recovery has been seen to open a database at an older version than its own synced
 * header named. Here the database file is really older: a copy taken before the last messages, put
 * back under the journal that holds them, as that recovery leaves it.
 */
class JournalCoverageTest {
  @TempDir Path dir;

  @Test
  void anOlderDatabaseIsOpenedAndRefilledWhenTheJournalHoldsEverythingAfterIt() throws Exception {
    Path older = olderDatabaseUnderANewerJournal(20, 30);

    assertThatThrownBy(() -> Database.open(dir).close())
        .isInstanceOf(DatabaseRefusedException.class)
        .hasMessageContaining("opens at an older state than the bridge had written");
    try (Database db = Database.open(dir, new JournalCoverage(dir));
        SegmentEventJournal journal = open(db)) {
      assertThat(count(db, "SELECT COUNT(*) FROM inbound_message")).isEqualTo(50);
      assertThat(count(db, "SELECT COUNT(DISTINCT id) FROM panel_event")).isEqualTo(50);
      assertThat(count(db, "SELECT MAX(id) FROM inbound_message")).isEqualTo(50);
    }
    assertThat(older).exists();
    try (Database again = Database.open(dir)) {
      assertThat(count(again, "SELECT COUNT(*) FROM panel_event"))
          .as("the mark follows the accepted database")
          .isEqualTo(50);
    }
  }

  @Test
  void anOlderDatabaseIsRefusedWhenTheJournalNoLongerHoldsWhatCameAfterIt() throws Exception {
    olderDatabaseUnderANewerJournal(20, 30);
    try (var files = Files.list(SegmentEventJournal.directoryIn(dir))) {
      for (Path segment : files.toList()) {
        Files.delete(segment);
      }
    }

    assertThatThrownBy(() -> Database.open(dir, new JournalCoverage(dir)).close())
        .isInstanceOf(DatabaseRefusedException.class)
        .hasMessageContaining("opens at an older state");
  }

  /**
   * {@code before} messages, a copy of the database file, {@code after} more, then the copy put
   * back.
   */
  private Path olderDatabaseUnderANewerJournal(int before, int after) throws Exception {
    append(0, before);
    Path older = dir.resolve("older.mv.db");
    Files.copy(Database.dataFile(dir), older);
    append(before, after);
    Files.copy(older, Database.dataFile(dir), StandardCopyOption.REPLACE_EXISTING);
    return older;
  }

  private void append(int from, int n) throws Exception {
    try (Database db = Database.open(dir, new JournalCoverage(dir));
        SegmentEventJournal journal = open(db)) {
      long last = 0;
      for (int i = from; i < from + n; i++) {
        last =
            journal
                .append(message("1234|" + i + "|x", burglary(i % 50 + 1)))
                .get(5, TimeUnit.SECONDS)
                .messageId();
      }
      assertThat(journal.awaitInDatabase(last, java.time.Duration.ofSeconds(10))).isTrue();
    }
  }

  private static SegmentEventJournal open(Database db) throws Exception {
    return SegmentEventJournal.open(db, new Metrics(), new Alerts(Clock.systemUTC()), 100);
  }

  private static long count(Database db, String sql) throws Exception {
    return RowCount.of(db, sql);
  }
}
