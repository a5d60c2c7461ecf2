package io.chektbridge.daemon.cloud;

import static io.chektbridge.daemon.cloud.SyncHarness.EVENTS;
import static io.chektbridge.daemon.cloud.SyncHarness.now;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chektbridge.daemon.cloud.fake.Fault;
import io.chektbridge.daemon.ops.AlertKind;
import io.chektbridge.daemon.outbox.OutboxStore;
import io.chektbridge.daemon.testing.ManualClock;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 9 for cloud sync: the host's wall clock is stepped while rows wait. Backoffs and the
 * SYNC_LATE age run on elapsed time; the stored next_attempt_at never holds a row back; the times
 * the bridge reports follow the stepped wall clock in UTC.
 */
@ExtendWith(SyncHarnessExtension.class)
class CloudClockStepTest {

  SyncHarness h;

  @ParameterizedTest
  @ValueSource(strings = {"PT1H", "-PT1H", "P1D"})
  void aBackoffIsNotChangedByAStepDuringItAndTimesFollowTheNewWallClock(String stepText)
      throws Exception {
    ManualClock clock = new ManualClock(now());
    h.cloud.fault(Fault.status(EVENTS, 503, 2));
    long id = h.rows.events(1, 1, now()).get(0);
    h.start(
        wait -> {
          h.sleeper.sleep(wait);
          clock.advance(wait.dividedBy(2));
          clock.stepWallClock(Duration.parse(stepText));
          clock.advance(wait.dividedBy(2));
        },
        clock);
    await().atMost(Duration.ofSeconds(10)).until(() -> "delivered".equals(h.rows.status(id)));

    assertThat(h.sleeper.waits()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
    assertThat(h.cloud.requests(EVENTS)).hasSize(3);
    assertThat(h.sync.statusSection().get("last_success"))
        .isEqualTo(clock.instant().toString())
        .asString()
        .endsWith("Z");
  }

  @Test
  void aRowWhoseStoredNextAttemptLiesFarAheadIsSentAtOnce() throws Exception {
    long id = h.rows.events(1, 1, now()).get(0);
    // left by a run whose clock was a day ahead, or read after the clock was set back
    try (Connection c = h.db.connection();
        PreparedStatement ps =
            c.prepareStatement("UPDATE outbox SET next_attempt_at = ? WHERE id = ?")) {
      ps.setObject(1, now().plus(Duration.ofDays(1)).atOffset(ZoneOffset.UTC));
      ps.setLong(2, id);
      ps.executeUpdate();
    }
    h.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> "delivered".equals(h.rows.status(id)));
    assertThat(h.sleeper.waits()).isEmpty();
  }

  @Test
  void aStepForwardDoesNotMakeAFreshRowLate() throws Exception {
    ManualClock clock = new ManualClock(now());
    OutboxMonitor monitor = monitor(clock);
    h.rows.events(1, 1, clock.instant());
    clock.advance(Duration.ofSeconds(1));
    monitor.check();
    clock.stepWallClock(Duration.ofDays(1));
    clock.advance(Duration.ofSeconds(1));
    monitor.check();
    assertOldestRow(monitor, 2L, false);

    clock.advance(Duration.ofSeconds(4));
    monitor.check();
    assertThat(h.alerts.isActive(AlertKind.SYNC_LATE)).as("6 s really waited").isTrue();
  }

  @Test
  void aStepBackDoesNotHideARowThatIsReallyLate() throws Exception {
    ManualClock clock = new ManualClock(now());
    OutboxMonitor monitor = monitor(clock);
    h.rows.events(1, 1, clock.instant());
    monitor.check();
    clock.stepWallClock(Duration.ofHours(-1));
    clock.advance(Duration.ofSeconds(6));
    monitor.check();
    assertOldestRow(monitor, 6L, true);
  }

  @Test
  void aRowAlreadyOldAtStartIsAgedFromItsCreatedAt() throws Exception {
    ManualClock clock = new ManualClock(now());
    h.rows.events(1, 1, clock.instant().minusSeconds(60));
    OutboxMonitor monitor = monitor(clock);
    monitor.check();
    assertOldestRow(monitor, 60L, true);
  }

  /** A monitor with room for 1,000 rows that reads elapsed time from {@code clock}. */
  private OutboxMonitor monitor(ManualClock clock) {
    return new OutboxMonitor(new OutboxStore(h.db), h.alerts, clock, 1_000, Duration.ofDays(7));
  }

  private void assertOldestRow(OutboxMonitor monitor, long ageSeconds, boolean late) {
    assertThat(monitor.statusSection().get("oldest_age_s")).isEqualTo(ageSeconds);
    assertThat(h.alerts.isActive(AlertKind.SYNC_LATE)).as("SYNC_LATE").isEqualTo(late);
  }
}
