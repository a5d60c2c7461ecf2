package io.chektbridge.daemon.cloud;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.chektbridge.daemon.ops.Alerts;
import io.chektbridge.daemon.outbox.OutboxKind;
import io.chektbridge.daemon.outbox.OutboxRecord;
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
 * since it was written (the CHeKT API contract O2), pruning of delivered rows past their retention, and the
 * {@code outbox_max_pending} cap. The cap never touches alarms or arming changes: past it, the oldest
 * pending non-alarm events (troubles, tests) are set aside as dead letters (still stored, exportable
 * and retryable) so the alarm backlog is what drains first; the alert says so.
 *
 * <p>A row's age is its wall-clock age when the monitor first saw it as the oldest, plus the elapsed
 * time since: a step of the host's wall clock neither makes a fresh row look a day old nor hides a
 * row that is really late.
 */
public final class OutboxMonitor {
  private static final Logger LOG = LoggerFactory.getLogger(OutboxMonitor.class);
  public static final Duration LATE_AFTER = Duration.ofSeconds(5);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final OutboxStore store;
  private final Alerts alerts;
  private final HostClock clock;
  private final long maxPending;
  private final Duration retention;
  private volatile OutboxStats last = new OutboxStats(0, null, 0);
  private volatile Oldest oldest;
  private volatile boolean syncOff;

  /** The oldest pending row as first seen: its created_at, its age then, and when that was (elapsed clock). */
  private record Oldest(Instant createdAt, Duration ageThen, long seenNanos) {
  }

  public OutboxMonitor(OutboxStore store, Alerts alerts, HostClock clock, long maxPending, Duration retention) {
    this.store = store;
    this.alerts = alerts;
    this.clock = clock;
    this.maxPending = maxPending;
    this.retention = retention;
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
      alerts.raise("SYNC_LATE", s.pending() + " outbox rows not yet accepted by the cloud, the oldest for "
          + age.toSeconds() + " s");
    } else if (alerts.isActive("SYNC_LATE")) {
      alerts.clear("SYNC_LATE");
    }
    if (s.pending() > maxPending) {
      shed(s.pending() - maxPending);
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
    return s.oldestPending() == null || o == null ? null : o.ageThen().plus(clock.elapsedSince(o.seenNanos()));
  }

  /** Deletes delivered rows older than the retention; runs hourly (a wall-clock comparison: retention is in days). */
  public int prune() throws SQLException {
    Instant before = clock.instant().minus(retention);
    int n = store.pruneDelivered(before);
    int attempts = store.pruneAttempts(before);
    if (n + attempts > 0) {
      LOG.info("Removed {} delivered outbox rows and {} cloud audit lines older than {} days", n, attempts,
          retention.toDays());
    }
    return n;
  }

  private void shed(long excess) throws SQLException {
    long shed = 0;
    long after = 0;
    while (shed < excess) {
      List<OutboxRecord> rows = store.list(OutboxStore.PENDING, after, 500);
      if (rows.isEmpty()) {
        break;
      }
      for (OutboxRecord r : rows) {
        after = r.id();
        if (shed < excess && sheddable(r)) {
          store.markDead(r.id(), null, "set aside: outbox over its cap of " + maxPending + " pending rows",
              clock.instant());
          shed++;
        }
      }
    }
    if (shed > 0) {
      alerts.raise("DEAD_LETTER", "outbox over its cap of " + maxPending + " pending rows: " + shed
          + " non-alarm events set aside (see chekt-bridge outbox list --status dead); alarms and arming kept");
    }
  }

  private static boolean sheddable(OutboxRecord r) {
    if (!OutboxKind.EVENT.wireName().equals(r.kind())) {
      return false;
    }
    try {
      return !"alarm".equals(JSON.readTree(r.body()).path("event_type").asText());
    } catch (Exception e) {
      return false;
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
    return m;
  }
}
