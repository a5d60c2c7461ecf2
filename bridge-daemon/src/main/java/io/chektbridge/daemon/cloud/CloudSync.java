package io.chektbridge.daemon.cloud;

import io.chektbridge.daemon.ops.AlertKind;
import io.chektbridge.daemon.ops.Alerts;
import io.chektbridge.daemon.ops.Metrics;
import io.chektbridge.daemon.outbox.AttemptRecord;
import io.chektbridge.daemon.outbox.DeliveryClass;
import io.chektbridge.daemon.outbox.OutboxRecord;
import io.chektbridge.daemon.outbox.OutboxStore;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains the outbox to the CHeKT cloud in the order of the CHeKT API contract §9: the highest
 * priority class first (alarms and arming, then troubles, then the rest), oldest first within a
 * class. Events go in bulk requests of up to {@value CloudRequests#BULK_MAX} (§5.1), or singly once
 * the cloud answers the bulk path with 404/405; up to {@code maxInFlight} requests at a time, one
 * of them always kept free for class 1 so a backlog of troubles never holds back an alarm. Arming
 * records go one at a time in panel order: the cloud checks each transition against the last.
 *
 * <p>Each answer is recorded in one transaction (row marks and the cloud audit lines together). A
 * row is marked delivered only after the cloud accepted or replayed it; a crash before the mark
 * only means it is sent again under the same key, which the cloud replays.
 *
 * <p>Failures follow §8-§9 through {@link RetryPolicy}. A failed request puts the link in backoff:
 * one request (the probe) retries on the schedule while the rest wait; when its cycle runs out
 * SYNC_FAILED is raised and, after the cycle pause, the next probe starts a new cycle. A class-1
 * row never tried before is sent at once even then, and if it gets through the backoff ends for
 * everyone. A row whose cycle ran out is retried in the background of its class (every cycle pause)
 * while the rest proceed, so one poison row never blocks the rows behind it; an item of an answered
 * bulk that failed on its own keeps a retry schedule of its own. Refused rows become dead letters
 * with an alert.
 */
public final class CloudSync implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CloudSync.class);

  /**
   * The alerts of failed delivery, which end when any request gets through (a dead letter does
   * not).
   */
  private static final Set<AlertKind> CLEARED_BY_SUCCESS =
      EnumSet.of(
          AlertKind.SYNC_FAILED,
          AlertKind.AUTH_FAILED,
          AlertKind.CLOUD_REDIRECT,
          AlertKind.PROXY_AUTH_FAILED);

  public static final int DEFAULT_MAX_IN_FLIGHT = 4;

  private final OutboxStore store;
  private final CloudRequests requests;
  private final CloudClient client;
  private final RateLimitPacer pacer;
  private final RetryPolicy policy;
  private final Alerts alerts;
  private final Clock clock;
  private final Sleeper sleeper;
  private final Duration pollInterval;
  private final int maxInFlight;
  private final int lowerClassLanes;
  private final Semaphore wakeUp = new Semaphore(0);
  private final CountDownLatch closing = new CountDownLatch(1);
  private final ExecutorService lanes;
  private final Thread dispatcher;
  private final LongAdder delivered;
  private final LongAdder failedAttempts;
  private final LongAdder deadLettered;
  private final Metrics.Histogram latency;
  private final List<Consumer<String>> armingConflictListeners =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  // guarded by this
  private final Set<Long> busy = new HashSet<>();
  private final Set<Long> tried = new HashSet<>();
  private final Map<Long, Instant> background = new HashMap<>();
  private final long[] cursor = new long[DeliveryClass.values().length];
  private boolean armingBusy;
  private int lanesInUse;
  private boolean backoff;
  private boolean probing;
  private CountDownLatch backoffEnded = new CountDownLatch(0);
  private Instant backoffSince = Instant.MAX;
  private Instant lastRescan = Instant.EPOCH;

  private final AtomicInteger bulkMode = new AtomicInteger(1);
  private volatile boolean closed;
  private volatile Instant lastSuccess;
  private volatile String lastError;

  /** Collaborators and timing; tests pass their own sleeper and policy. */
  public record Setup(
      OutboxStore store,
      CloudRequests requests,
      CloudClient client,
      RateLimitPacer pacer,
      RetryPolicy policy,
      Alerts alerts,
      Metrics metrics,
      Clock clock,
      Sleeper sleeper,
      Duration pollInterval,
      int maxInFlight) {}

  /** One request's worth of rows: an arming record, one event, or a bulk of events of one class. */
  private record Unit(List<OutboxRecord> rows, boolean arming, boolean bulk, boolean probe) {
    boolean backgroundRetry(Map<Long, Instant> background) {
      return rows.stream().allMatch(r -> background.containsKey(r.id()));
    }
  }

  public CloudSync(Setup s) {
    this.store = s.store();
    this.requests = s.requests();
    this.client = s.client();
    this.pacer = s.pacer();
    this.policy = s.policy();
    this.alerts = s.alerts();
    this.clock = s.clock();
    this.sleeper = s.sleeper() != null ? s.sleeper() : this::waitOutBackoff;
    this.pollInterval = s.pollInterval();
    this.maxInFlight = Math.max(1, s.maxInFlight());
    this.lowerClassLanes = Math.max(1, maxInFlight - 1);
    this.delivered =
        s.metrics().counter("chekt_bridge_cloud_delivered_total", "Outbox rows the cloud accepted");
    this.failedAttempts =
        s.metrics()
            .counter(
                "chekt_bridge_cloud_failed_attempts_total",
                "Cloud requests that failed and will be retried");
    this.deadLettered =
        s.metrics()
            .counter(
                "chekt_bridge_cloud_dead_letter_total", "Outbox rows the cloud refused for good");
    this.latency =
        s.metrics()
            .histogram("chekt_bridge_cloud_request_seconds", "Cloud request time per request");
    AtomicInteger n = new AtomicInteger();
    this.lanes =
        Executors.newFixedThreadPool(
            maxInFlight,
            r -> {
              Thread t = new Thread(r, "cloud-sync-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    this.dispatcher = new Thread(this::run, "cloud-sync");
    this.dispatcher.setDaemon(true);
  }

  public CloudSync start() {
    dispatcher.start();
    return this;
  }

  /**
   * Called with the partition label when the cloud answers an arming record with 409
   * (reconciliation).
   */
  public void onArmingConflict(Consumer<String> listener) {
    armingConflictListeners.add(listener);
  }

  /** Called by the state machine after it committed outbox rows; the poll is only a backstop. */
  public void wake() {
    if (wakeUp.availablePermits() == 0) {
      wakeUp.release();
    }
  }

  /**
   * Rows went back to pending by another way (set-aside rows returned, a retry): look from the
   * start again.
   */
  public void rescan() {
    synchronized (this) {
      resetCursors();
    }
    wake();
  }

  /**
   * The {@code cloud} section of /status: {@code {last_success, last_error}} and how events are
   * sent.
   */
  public Map<String, Object> statusSection() {
    Map<String, Object> m = new LinkedHashMap<>();
    Instant s = lastSuccess;
    m.put("last_success", s == null ? null : s.toString());
    m.put("last_error", lastError);
    m.put("events_mode", bulkMode.get() == 1 ? "bulk" : "single");
    synchronized (this) {
      m.put("backoff", backoff);
      m.put("in_flight", lanesInUse);
    }
    return m;
  }

  private void run() {
    LOG.info("Cloud sync started ({} requests in flight at most)", maxInFlight);
    while (!closed) {
      try {
        if (!dispatch()) {
          if (!wakeUp.tryAcquire(pollInterval.toMillis(), TimeUnit.MILLISECONDS)) {
            rescanQuietly();
          }
          wakeUp.drainPermits();
        }
      } catch (InterruptedException e) {
        break;
      } catch (SQLException e) {
        LOG.error(
            "Cloud sync cannot read the outbox in H2 ({}); retrying in {} s. Check the disk under "
                + "storage.path.",
            e.getMessage(),
            pollInterval.toSeconds());
        idle();
      } catch (RuntimeException e) {
        LOG.error(
            "Cloud sync hit an unexpected error; it continues after {} s",
            pollInterval.toSeconds(),
            e);
        idle();
      }
    }
    LOG.info("Cloud sync stopped");
  }

  /** Starts requests while lanes are free and rows wait; false when it started none. */
  private boolean dispatch() throws SQLException {
    boolean any = false;
    Unit u;
    while (!closed && (u = nextUnit()) != null) {
      Unit unit = u;
      lanes.execute(() -> runLane(unit));
      any = true;
    }
    return any;
  }

  private synchronized Unit nextUnit() throws SQLException {
    if (lanesInUse >= maxInFlight) {
      return null;
    }
    rescanForDueBackground();
    boolean needProbe = backoff && !probing;
    Unit u = armingUnit(needProbe);
    if (u == null) {
      u = eventUnit(needProbe, !needProbe);
    }
    if (u == null && needProbe) {
      // only rows whose cycle already ran out are left: one of them probes
      u = eventUnit(true, true);
    }
    if (u != null) {
      lanesInUse++;
      probing |= u.probe();
      u.rows().forEach(r -> busy.add(r.id()));
      armingBusy |= u.arming();
    }
    return u;
  }

  private Unit armingUnit(boolean needProbe) throws SQLException {
    if (armingBusy) {
      return null;
    }
    OutboxRecord head = store.oldestPendingArming();
    if (head == null || busy.contains(head.id()) || !due(head)) {
      return null;
    }
    if (backoff && !needProbe && !fresh(head)) {
      return null;
    }
    return new Unit(List.of(head), true, false, needProbe);
  }

  /**
   * The next unit of events, highest class first (classes 2 and 3 leave one lane free for class 1).
   * In backoff, either the probe (the oldest rows; {@code allowBackground} says whether rows whose
   * cycle ran out may be it) or class-1 rows written since the backoff began.
   */
  private Unit eventUnit(boolean probe, boolean allowBackground) throws SQLException {
    boolean freshOnly = backoff && !probe;
    int want = bulkMode.get() == 1 ? CloudRequests.BULK_MAX : 1;
    // a page a little larger than wanted (rows in flight are skipped), not 500 rows with bodies for
    // one event
    int pageSize = Math.min(CloudRequests.BULK_MAX, want + maxInFlight);
    for (DeliveryClass c : DeliveryClass.values()) {
      if (c != DeliveryClass.ALARM && (freshOnly || lanesInUse >= lowerClassLanes)) {
        return null;
      }
      int idx = c.ordinal();
      long from = probe ? 0 : cursor[idx];
      List<OutboxRecord> take = new ArrayList<>();
      List<OutboxRecord> page;
      do {
        page = store.pending(c, from, pageSize);
        for (OutboxRecord r : page) {
          from = r.id();
          if (!r.isArming()
              && !busy.contains(r.id())
              && due(r)
              && (!freshOnly || fresh(r))
              && (allowBackground || !background.containsKey(r.id()))) {
            take.add(r);
            if (take.size() == want) {
              break;
            }
          }
        }
      } while (take.size() < want && page.size() == pageSize);
      if (!probe) {
        cursor[idx] = from;
      }
      if (!take.isEmpty()) {
        return new Unit(List.copyOf(take), false, want > 1, probe);
      }
    }
    return null;
  }

  /** A row written since the backoff began and not tried yet: sent at once even in backoff (§9). */
  private boolean fresh(OutboxRecord r) {
    return !tried.contains(r.id()) && !r.createdAt().isBefore(backoffSince);
  }

  private boolean due(OutboxRecord r) {
    Instant notBefore = background.get(r.id());
    return notBefore == null || !clock.instant().isBefore(notBefore);
  }

  /** Rows retried in the background lie behind the cursors: look again once one of them is due. */
  private void rescanForDueBackground() {
    Instant now = clock.instant();
    for (Instant t : background.values()) {
      if (t.isAfter(lastRescan) && !t.isAfter(now)) {
        resetCursors();
        return;
      }
    }
  }

  private void resetCursors() {
    java.util.Arrays.fill(cursor, 0);
    lastRescan = clock.instant();
  }

  private void runLane(Unit unit) {
    boolean probe = unit.probe();
    boolean done = false;
    try {
      int retry = 0;
      while (!closed) {
        pace();
        Failure f = attempt(unit);
        if (f == null) {
          done = true;
          succeeded();
          return;
        }
        if (f.fallBack()) {
          return;
        }
        failedAttempts.increment();
        lastError = clock.instant() + " " + f.outcome().detail();
        raiseFor(f.outcome());
        synchronized (this) {
          if (!probe && unit.backgroundRetry(background)) {
            unit.rows()
                .forEach(r -> background.put(r.id(), clock.instant().plus(policy.cyclePause())));
            return;
          }
          if (!backoff) {
            backoff = true;
            backoffSince = clock.instant();
            backoffEnded = new CountDownLatch(1);
            probe = probe || !probing;
            probing = true;
          } else if (!probe) {
            return;
          }
        }
        Duration wait;
        if (retry < policy.retriesPerCycle()) {
          wait = policy.waitBefore(retry++, f.outcome().retryAfter());
          LOG.warn(
              "Cloud did not take {}: {}; retry {} of {} in {} ms",
              describe(unit),
              f.outcome().detail(),
              retry,
              policy.retriesPerCycle(),
              wait.toMillis());
          sleeper.sleep(wait);
        } else {
          alerts.raise(
              AlertKind.SYNC_FAILED,
              describe(unit)
                  + " not delivered after "
                  + (policy.retriesPerCycle() + 1)
                  + " attempts: "
                  + f.outcome().detail()
                  + "; it is retried every "
                  + policy.cyclePause().toSeconds()
                  + " s in the background of its class while the rest go ahead; nothing is dropped");
          sleeper.sleep(policy.cyclePause());
          synchronized (this) {
            unit.rows().forEach(r -> background.put(r.id(), clock.instant()));
            probing = false;
          }
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (SQLException e) {
      LOG.error(
          "Cloud sync could not record an answer in H2 ({}); the rows stay pending and are sent again "
              + "(the cloud replays them)",
          e.getMessage());
    } catch (RuntimeException e) {
      LOG.error("Cloud sync lane failed; its rows stay pending", e);
    } finally {
      release(unit, probe, done);
    }
  }

  /**
   * A request that failed as a whole; {@code fallBack} when the rows were handed back to go singly.
   */
  private record Failure(DeliveryOutcome outcome, boolean fallBack) {}

  /** Sends the unit once and records what came of each row; null when nothing is left to retry. */
  private Failure attempt(Unit unit) throws SQLException, InterruptedException {
    OutboundRequest request =
        unit.bulk() ? requests.bulk(unit.rows()) : requests.single(unit.rows().get(0));
    long started = System.nanoTime();
    CloudClient.Attempt a = client.send(request);
    long nanos = System.nanoTime() - started;
    latency.observeNanos(nanos);
    long ms = TimeUnit.NANOSECONDS.toMillis(nanos);
    if (closed) {
      return null;
    }
    synchronized (this) {
      unit.rows().forEach(r -> tried.add(r.id()));
    }
    DeliveryOutcome o = a.outcome();
    if (unit.bulk()) {
      Integer status = o.httpStatus();
      if (status != null && (status == 404 || status == 405)) {
        if (bulkMode.compareAndSet(1, 0)) {
          LOG.warn(
              "The cloud has no bulk events endpoint ({} {}); sending events one by one, {} at a time",
              status,
              request.path(),
              maxInFlight);
        }
        return new Failure(o, true);
      }
      if (o.verdict() == DeliveryOutcome.Verdict.REJECTED) {
        LOG.warn(
            "The cloud refused a bulk request of {} events as a whole ({}); sending them one by one so only "
                + "a bad one is refused",
            unit.rows().size(),
            o.detail());
        for (OutboxRecord r : unit.rows()) {
          Failure f = attempt(new Unit(List.of(r), false, false, unit.probe()));
          if (f != null) {
            return f;
          }
        }
        return null;
      }
      if (o.verdict() == DeliveryOutcome.Verdict.DELIVERED) {
        List<DeliveryOutcome> items;
        try {
          items = BulkResults.parse(a.body(), unit.rows().size(), a.traceId(), clock);
        } catch (IOException e) {
          o =
              DeliveryOutcome.retry(
                  o.httpStatus(), "unreadable bulk answer: " + e.getMessage(), null);
          recordAll(unit, o, ms);
          return new Failure(o, false);
        }
        record(unit, items, ms);
        holdBack(unit.rows(), items);
        return null;
      }
    }
    if (o.verdict() == DeliveryOutcome.Verdict.RETRY) {
      recordAll(unit, o, ms);
      return new Failure(o, false);
    }
    recordAll(unit, o, ms);
    return null;
  }

  private void recordAll(Unit unit, DeliveryOutcome o, long ms) throws SQLException {
    List<DeliveryOutcome> same = new ArrayList<>();
    unit.rows().forEach(r -> same.add(o));
    record(unit, same, ms);
  }

  private void record(Unit unit, List<DeliveryOutcome> outcomes, long ms) throws SQLException {
    Instant now = clock.instant();
    List<AttemptRecord> out = new ArrayList<>(outcomes.size());
    for (int i = 0; i < outcomes.size(); i++) {
      OutboxRecord r = unit.rows().get(i);
      DeliveryOutcome o = outcomes.get(i);
      AttemptRecord.Outcome mark =
          switch (o.verdict()) {
            case DELIVERED -> AttemptRecord.Outcome.DELIVERED;
            case REJECTED -> AttemptRecord.Outcome.DEAD;
            case RETRY -> AttemptRecord.Outcome.RETRY;
          };
      out.add(
          new AttemptRecord(
              r.id(),
              r.idempotencyKey(),
              r.deliveryClass(),
              mark,
              o.httpStatus(),
              o.detail(),
              mark == AttemptRecord.Outcome.RETRY ? now.plus(policy.steps().get(0)) : null,
              ms));
    }
    store.record(out, now);
    long accepted =
        out.stream().filter(a -> a.outcome() == AttemptRecord.Outcome.DELIVERED).count();
    if (accepted > 0) {
      delivered.add(accepted);
      lastSuccess = now;
    }
    List<Long> done = new ArrayList<>(out.size());
    for (int i = 0; i < out.size(); i++) {
      AttemptRecord a = out.get(i);
      switch (a.outcome()) {
        case DELIVERED -> done.add(a.outboxId());
        case DEAD -> {
          done.add(a.outboxId());
          deadLettered(unit.rows().get(i), outcomes.get(i));
        }
        case RETRY -> {}
      }
    }
    forget(done);
  }

  /**
   * Items of an answered bulk that failed on their own (a 5xx for that item alone) keep a retry
   * schedule of their own, as if sent alone (§9): the next attempt after the cycle's step for the
   * row's attempt count, or after the cycle pause once a cycle ran out. Meanwhile they stay out of
   * the bulks of their class, so a poison item neither holds back the rows behind it nor goes with
   * every bulk.
   */
  private void holdBack(List<OutboxRecord> rows, List<DeliveryOutcome> outcomes) {
    int cycle = policy.retriesPerCycle() + 1;
    Instant now = clock.instant();
    for (int i = 0; i < rows.size(); i++) {
      DeliveryOutcome o = outcomes.get(i);
      if (o.verdict() != DeliveryOutcome.Verdict.RETRY) {
        continue;
      }
      OutboxRecord r = rows.get(i);
      int retry = r.attempts() % cycle;
      boolean cycleRanOut = retry == policy.retriesPerCycle();
      Duration wait = cycleRanOut ? policy.cyclePause() : policy.waitBefore(retry, o.retryAfter());
      if (cycleRanOut) {
        // no SYNC_FAILED: the rest of the bulk got through and would clear it at once; SYNC_LATE
        // stays raised while this row waits
        LOG.error(
            "The cloud did not take outbox row {} ({}) in {} attempts in bulk: {}; it is tried again"
                + " every {} s while the rest of its class goes ahead. Check the row with"
                + " chekt-bridge outbox list",
            r.id(),
            r.idempotencyKey(),
            cycle,
            o.detail(),
            wait.toSeconds());
      } else {
        LOG.warn(
            "The cloud did not take outbox row {} ({}) of a bulk: {}; it is tried again in {} ms",
            r.id(),
            r.idempotencyKey(),
            o.detail(),
            wait.toMillis());
      }
      synchronized (this) {
        background.put(r.id(), now.plus(wait));
      }
    }
  }

  /** Rows out of the queue for good; one monitor entry for a whole bulk answer, not one per row. */
  private synchronized void forget(List<Long> ids) {
    for (Long id : ids) {
      tried.remove(id);
      background.remove(id);
    }
  }

  private void deadLettered(OutboxRecord row, DeliveryOutcome o) {
    deadLettered.increment();
    lastError = clock.instant() + " " + o.detail();
    LOG.error(
        "Outbox row {} ({}) moved to the dead letters: {}. It stays stored; fix the cause, then run "
            + "chekt-bridge outbox retry {}",
        row.id(),
        row.idempotencyKey(),
        o.detail(),
        row.id());
    alerts.raise(
        AlertKind.DEAD_LETTER,
        "outbox row " + row.id() + " (" + row.idempotencyKey() + ") refused: " + o.detail());
    Integer status = o.httpStatus();
    if (row.isArming() && status != null && status == 409) {
      armingConflictListeners.forEach(l -> l.accept(row.idempotencyKey()));
    }
  }

  private void raiseFor(DeliveryOutcome o) {
    if (o.authFailure()) {
      alerts.raise(
          AlertKind.AUTH_FAILED, "the cloud refused the bridge's credentials: " + o.detail());
    }
    if (o.redirect()) {
      alerts.raise(AlertKind.CLOUD_REDIRECT, o.detail());
    }
    if (o.httpStatus() != null && o.httpStatus() == 407) {
      alerts.raise(AlertKind.PROXY_AUTH_FAILED, o.detail());
    }
  }

  /** A request got through: any backoff ends for everyone, and the alerts of failure clear. */
  private void succeeded() {
    boolean ended;
    synchronized (this) {
      ended = backoff;
      if (backoff) {
        backoff = false;
        backoffSince = Instant.MAX;
        backoffEnded.countDown();
        resetCursors();
      }
    }
    if (ended) {
      LOG.info("The cloud takes requests again; the backlog drains");
    }
    for (AlertKind alert : CLEARED_BY_SUCCESS) {
      alerts.clear(alert);
    }
  }

  private void release(Unit unit, boolean probe, boolean done) {
    synchronized (this) {
      lanesInUse--;
      unit.rows().forEach(r -> busy.remove(r.id()));
      if (unit.arming()) {
        armingBusy = false;
      }
      if (probe) {
        probing = false;
      }
      if (!done) {
        // its rows stay pending: the next look must find them again
        int idx = unit.rows().get(0).deliveryClass().ordinal();
        cursor[idx] = Math.min(cursor[idx], unit.rows().get(0).id() - 1);
      }
    }
    wake();
  }

  private static String describe(Unit u) {
    OutboxRecord first = u.rows().get(0);
    return u.rows().size() == 1
        ? "outbox row " + first.id() + " (" + first.idempotencyKey() + ")"
        : "a bulk of " + u.rows().size() + " events from outbox row " + first.id();
  }

  /**
   * Waits as long as the cloud's rate-limit budget asks (§9). A real wait whatever the sleeper: it
   * is the cloud's clock that counts, and the end of a backoff does not refill the budget. Only
   * close ends it early.
   */
  private void pace() throws InterruptedException {
    Duration d = pacer.delayBeforeNext();
    if (!d.isZero() && closing.await(d.toNanos(), TimeUnit.NANOSECONDS)) {
      throw new InterruptedException("cloud sync closing");
    }
  }

  /**
   * The poll's backstop look from the start; not in backoff, where only the probe and new class-1
   * rows go.
   */
  private synchronized void rescanQuietly() {
    if (!backoff) {
      resetCursors();
    }
  }

  private void idle() {
    try {
      if (closing.await(pollInterval.toNanos(), TimeUnit.NANOSECONDS)) {
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The production sleeper: a backoff wait ends early when another request got through, or at
   * close.
   */
  private void waitOutBackoff(Duration d) throws InterruptedException {
    CountDownLatch ended;
    synchronized (this) {
      ended = backoffEnded;
    }
    long deadline = System.nanoTime() + d.toNanos();
    while (!closed) {
      long left = deadline - System.nanoTime();
      if (left <= 0
          || ended.await(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)), TimeUnit.NANOSECONDS)) {
        return;
      }
    }
    throw new InterruptedException("cloud sync closing");
  }

  /**
   * Stops at once: requests in flight are cancelled, and a row without an answer is resent next
   * start.
   */
  @Override
  public void close() {
    closed = true;
    closing.countDown();
    client.cancel();
    wake();
    // not shutdownNow: an interrupt in the middle of an H2 write would close its file channel under
    // it;
    // the lanes see closed, and their waits and requests end at once
    lanes.shutdown();
    try {
      dispatcher.join(5_000);
      lanes.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
