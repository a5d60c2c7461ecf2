package io.chektbridge.daemon.cloud;

import io.chektbridge.daemon.ops.AlertKind;
import io.chektbridge.daemon.ops.Alerts;
import io.chektbridge.daemon.outbox.DeliveryClass;
import io.chektbridge.daemon.outbox.OutboxStats;
import io.chektbridge.daemon.outbox.OutboxStore;
import io.chektbridge.daemon.time.HostClock;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the outbox: its depth for the status port, SYNC_LATE when a row has waited more than 5 s
 * since it was written (the CHeKT API contract O2), pruning of delivered rows past their retention,
 * and the {@code outbox_max_pending} cap. Past the cap rows are set aside, class 3 (tests,
 * openings, bypass, ...) first, then class 2 (troubles), never class 1 (alarms and arming): still
 * stored, only out of the queue. They return to it by themselves, highest class first, once the
 * queue is below 90% of the cap again. Dead letters are pruned after {@code dead_letter_retention},
 * delivered rows after their retention.
 *
 * <p>A row's age is its wall-clock age when the monitor first saw it as the oldest, plus the
 * elapsed time since: a step of the host's wall clock neither makes a fresh row look a day old nor
 * hides a row that is really late.
 */
public final class OutboxMonitor {
  private static final Logger LOG = LoggerFactory.getLogger(OutboxMonitor.class);
  public static final Duration LATE_AFTER = Duration.ofSeconds(5);

  private final OutboxStore store;
  private final Alerts alerts;
  private final HostClock clock;
  private final long maxPending;
  private final Duration retention;
  private final Duration deadLetterRetention;
  private volatile Runnable onReturned = () -> {};
  private volatile OutboxStats last = new OutboxStats(0, null, 0, 0);
  private volatile Oldest oldest;
  private volatile boolean syncOff;

  /**
   * The oldest pending row as first seen: its created_at, its age then, and when that was (elapsed
   * clock).
   */
  private record Oldest(Instant createdAt, Duration ageThen, long seenNanos) {}

  public OutboxMonitor(
      OutboxStore store, Alerts alerts, HostClock clock, long maxPending, Duration retention) {
    this(store, alerts, clock, maxPending, retention, Duration.ofDays(30));
  }

  public OutboxMonitor(
      OutboxStore store,
      Alerts alerts,
      HostClock clock,
      long maxPending,
      Duration retention,
      Duration deadLetterRetention) {
    this.store = store;
    this.alerts = alerts;
    this.clock = clock;
    this.maxPending = maxPending;
    this.retention = retention;
    this.deadLetterRetention = deadLetterRetention;
  }

  /** Called after set-aside rows went back to the queue (cloud sync looks for them). */
  public void onReturned(Runnable listener) {
    this.onReturned = listener;
  }

  /**
   * Cloud sync is off by configuration (no cloud.auth): rows wait by design until credentials are
   * set, so a SYNC_LATE alert would only cry wolf. The outbox section still shows them.
   */
  public OutboxMonitor syncOff() {
    syncOff = true;
    return this;
  }

  /** One look: refresh the stats, raise or clear SYNC_LATE, enforce the cap. Runs every second. */
  public OutboxStats check() throws SQLException {
    OutboxStats s = store.stats();
    track(s.oldestPending());
    last = s;
    Duration age = oldestAge(s);
    if (!syncOff && age != null && age.compareTo(LATE_AFTER) > 0) {
      alerts.raise(
          AlertKind.SYNC_LATE,
          s.pending()
              + " outbox rows not yet accepted by the cloud, the oldest for "
              + age.toSeconds()
              + " s");
    } else if (alerts.isActive(AlertKind.SYNC_LATE)) {
      alerts.clear(AlertKind.SYNC_LATE);
    }
    if (s.pending() > maxPending) {
      shed(s.pending() - maxPending);
    } else if (s.setAside() > 0) {
      returnSetAside(s);
    }
    return s;
  }

  private void track(Instant createdAt) {
    Oldest o = oldest;
    if (createdAt != null && (o == null || !o.createdAt().equals(createdAt))) {
      Duration age = Duration.between(createdAt, clock.instant());
      oldest = new Oldest(createdAt, age.isNegative() ? Duration.ZERO : age, clock.nanoTime());
    }
  }

  private Duration oldestAge(OutboxStats s) {
    Oldest o = oldest;
    return s.oldestPending() == null || o == null
        ? null
        : o.ageThen().plus(clock.elapsedSince(o.seenNanos()));
  }

  /**
   * Deletes delivered rows older than the retention; runs hourly (a wall-clock comparison:
   * retention is in days).
   */
  public int prune() throws SQLException {
    Instant before = clock.instant().minus(retention);
    int dead = store.pruneDead(clock.instant().minus(deadLetterRetention));
    if (dead > 0) {
      LOG.info(
          "Removed {} dead letters older than {} days (export them with chekt-bridge outbox export to keep them)",
          dead,
          deadLetterRetention.toDays());
    }
    int n = store.pruneDelivered(before);
    int attempts = store.pruneAttempts(before);
    if (n + attempts > 0) {
      LOG.info(
          "Removed {} delivered outbox rows and {} cloud audit lines older than {} days",
          n,
          attempts,
          retention.toDays());
    }
    return n;
  }

  private void shed(long excess) throws SQLException {
    long shed = 0;
    for (DeliveryClass c : List.of(DeliveryClass.ROUTINE, DeliveryClass.TROUBLE)) {
      shed += store.setAside(c, (int) Math.min(Integer.MAX_VALUE, excess - shed));
    }
    if (shed > 0) {
      LOG.warn(
          "Outbox over its cap of {} pending rows: {} rows of class 3, then 2 set aside (alarms and arming "
              + "never); they return to the queue by themselves once it drains below 90% of the cap",
          maxPending, shed);
      alerts.raise(
          AlertKind.OUTBOX_FULL,
          "outbox over its cap of "
              + maxPending
              + " pending rows: "
              + shed
              + " troubles or routine events set aside, alarms and arming kept; they go back to the queue by themselves");
    }
  }

  private void returnSetAside(OutboxStats s) throws SQLException {
    long room = maxPending * 9 / 10 - s.pending();
    int back = room <= 0 ? 0 : store.returnSetAside((int) Math.min(room, 10_000));
    if (back > 0) {
      LOG.info(
          "{} set-aside outbox rows back in the queue ({} still set aside)",
          back,
          s.setAside() - back);
      onReturned.run();
    }
    if (back == s.setAside() && alerts.isActive(AlertKind.OUTBOX_FULL)) {
      alerts.clear(AlertKind.OUTBOX_FULL);
    }
  }

  /** The {@code outbox} section of /status: {@code {pending, oldest_age_s, dead_letter}}. */
  public Map<String, Object> statusSection() {
    OutboxStats s = last;
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("pending", s.pending());
    Duration age = oldestAge(s);
    m.put("oldest_age_s", age == null ? null : age.toSeconds());
    m.put("dead_letter", s.deadLetter());
    m.put("set_aside", s.setAside());
    return m;
  }
}
