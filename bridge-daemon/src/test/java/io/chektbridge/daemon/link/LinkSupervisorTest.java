package io.chektbridge.daemon.link;

import static org.assertj.core.api.Assertions.assertThat;

import io.chektbridge.daemon.journal.SegmentEventJournal;
import io.chektbridge.daemon.ops.AlertKind;
import io.chektbridge.daemon.ops.Alerts;
import io.chektbridge.daemon.ops.Metrics;
import io.chektbridge.daemon.store.Database;
import io.chektbridge.daemon.testing.ManualClock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Link supervision on a manual clock: lost after the interval, restored on the next message, once
 * each.
 */
class LinkSupervisorTest {
  @TempDir Path dir;
  private final ManualClock clock = new ManualClock(Instant.parse("2026-01-15T10:00:00Z"));
  private final Alerts alerts = new Alerts(clock);

  @Test
  void silentAccountRaisesLinkLostOnceAndRestoresWhenItSpeaks() throws Exception {
    Map<String, Duration> accounts =
        Map.of("1234", Duration.ofMinutes(5), "5678", Duration.ofHours(25));
    List<String> rows =
        supervise(
            accounts,
            2,
            supervisor -> {
              clock.advance(Duration.ofMinutes(4));
              supervisor.seen("1234");
              clock.advance(Duration.ofMinutes(5));
              supervisor.check();
              assertThat(alerts.isActive(AlertKind.PANEL_LINK_LOST)).isFalse();

              clock.advance(Duration.ofSeconds(1));
              supervisor.check();
              supervisor.check();
              assertThat(alerts.isActive(AlertKind.PANEL_LINK_LOST)).isTrue();
              supervisor.seen("1234");
              assertThat(alerts.isActive(AlertKind.PANEL_LINK_LOST)).isFalse();
              supervisor.seen("9999");
            });
    assertThat(rows)
        .containsExactly(
            "1234 E 356 trouble Panel link lost 2026-01-15T10:09:01Z",
            "1234 R 356 trouble Panel link restored 2026-01-15T10:09:01Z");
  }

  @Test
  void anAccountLearnedAtRunTimeIsSupervisedFromWhenItWasFirstSeen() throws Exception {
    List<String> rows =
        supervise(
            Map.of(),
            1,
            supervisor -> {
              clock.advance(Duration.ofHours(2));
              supervisor.watch("4321", Duration.ofMinutes(30));
              supervisor.seen("4321");
              supervisor.watch("4321", Duration.ofDays(9));
              clock.advance(Duration.ofMinutes(30));
              supervisor.check();
              assertThat(alerts.isActive(AlertKind.PANEL_LINK_LOST)).isFalse();
              clock.advance(Duration.ofSeconds(1));
              supervisor.check();
              assertThat(alerts.isActive(AlertKind.PANEL_LINK_LOST)).isTrue();
            });
    assertThat(rows).containsExactly("4321 E 356 trouble Panel link lost 2026-01-15T12:30:01Z");
  }

  @ParameterizedTest
  @ValueSource(strings = {"PT1H", "-PT1H", "P1D", "-P1D"})
  void aWallClockStepNeitherRaisesAFalseLossNorPostponesARealOne(String stepText) throws Exception {
    List<String> rows =
        supervise(
            Map.of("1234", Duration.ofMinutes(5)),
            1,
            supervisor -> {
              clock.advance(Duration.ofMinutes(2));
              clock.stepWallClock(Duration.parse(stepText));
              clock.advance(Duration.ofMinutes(3));
              supervisor.check();
              assertThat(alerts.isActive(AlertKind.PANEL_LINK_LOST))
                  .as("5 min of silence is within supervision")
                  .isFalse();
              clock.advance(Duration.ofSeconds(1));
              supervisor.check();
              assertThat(alerts.isActive(AlertKind.PANEL_LINK_LOST))
                  .as("5 min 1 s of silence")
                  .isTrue();
            });
    Instant lostAt = Instant.parse("2026-01-15T10:05:01Z").plus(Duration.parse(stepText));
    assertThat(rows)
        .as("the trouble carries the stepped wall time")
        .containsExactly("1234 E 356 trouble Panel link lost " + lostAt);
  }

  /**
   * Runs {@code scenario} on a supervisor of {@code accounts} over a real journal, closes the
   * journal and returns the supervision rows once the database holds {@code rowCount} of them.
   */
  private List<String> supervise(
      Map<String, Duration> accounts, int rowCount, Consumer<LinkSupervisor> scenario)
      throws Exception {
    try (Database db = Database.open(dir)) {
      SegmentEventJournal journal = SegmentEventJournal.open(db, new Metrics(), alerts, 100);
      try {
        scenario.accept(new LinkSupervisor(journal, alerts, clock, accounts));
      } finally {
        journal.close();
      }
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> rows(db).size() == rowCount);
      return rows(db);
    }
  }

  private static List<String> rows(Database db) throws Exception {
    List<String> out = new ArrayList<>();
    try (Connection c = db.connection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT * FROM panel_event WHERE source = 'supervision' ORDER BY id")) {
      while (rs.next()) {
        out.add(
            rs.getString("account")
                + " "
                + rs.getString("qualifier")
                + " "
                + rs.getString("cid_code")
                + " "
                + rs.getString("category")
                + " "
                + rs.getString("description")
                + " "
                + rs.getObject("panel_time", java.time.OffsetDateTime.class).toInstant());
      }
    }
    return out;
  }
}
