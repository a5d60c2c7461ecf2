package io.chektbridge.daemon.state;

import io.chektbridge.daemon.journal.CommitListener;
import io.chektbridge.daemon.journal.StoredEvent;
import io.chektbridge.daemon.ops.Alerts;
import io.chektbridge.daemon.ops.Metrics;
import io.chektbridge.daemon.ops.StorageFaults;
import io.chektbridge.daemon.outbox.OutboundRecords;
import io.chektbridge.daemon.outbox.OutboxRow;
import io.chektbridge.daemon.state.SiteStateMachine.Result;
import io.chektbridge.daemon.time.ClockStepDetector;
import io.chektbridge.daemon.time.HostClock;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the site state machine on its {@link StateThread}: reads panel_event rows after its cursor
 * (told by the journal's commit notification, with a slow poll as a safety net), applies them, and
 * in one H2 transaction per batch writes partition and zone state, audit lines, outbox rows and the
 * cursor. Only after the commit does the in-memory state (an immutable {@link SiteSnapshot} readers
 * may take at any time) move on, so a failed write is simply retried and a crash replays from the
 * cursor.
 *
 * <p>Delay deadlines are wall-clock instants (they are shown, stored and compared with event
 * times), so when the host's wall clock is stepped they are moved with it: a delay lasts its
 * configured time of elapsed time whatever the wall clock does.
 */
public final class SiteStateEngine
    implements CommitListener,
        AutoCloseable,
        io.chektbridge.daemon.cloud.ArmingReconciler.ReportedState,
        SiteView {
  private static final Logger LOG = LoggerFactory.getLogger(SiteStateEngine.class);

  /**
   * Events per state transaction: small enough that H2 never stores it before its commit (see
   * Database#inTransaction).
   */
  private static final int BATCH = 200;

  /**
   * Events handed over by the journal and not yet applied, at most: past it the engine reads the
   * rows back instead (it has fallen behind, and memory stays bounded).
   */
  private static final int HANDED_OVER_LIMIT = 4 * BATCH;

  static final Duration POLL = Duration.ofSeconds(2);
  static final Duration RETRY_AFTER_STORAGE_FAILURE = Duration.ofSeconds(5);

  /**
   * How long a missing panel_event id is waited for before it is taken as rolled back (ids are not
   * transactional).
   */
  static final Duration GAP_WAIT = Duration.ofSeconds(1);

  private final StateStore store;
  private final SiteStateMachine machine;
  private final EventNormalizer normalizer;
  private final String siteId;
  private final HostClock clock;
  private final ClockStepDetector clockSteps;
  private final StateThread thread;
  private final Alerts alerts;
  private final LongAdder eventsApplied;
  private final LongAdder rejected;
  private final List<Runnable> outboxListeners = new CopyOnWriteArrayList<>();
  private final List<java.util.function.BiConsumer<SiteSnapshot, SiteSnapshot>> stateListeners =
      new CopyOnWriteArrayList<>();
  private final AtomicBoolean drainQueued = new AtomicBoolean();

  /** Events the journal handed over after copying them, in id order; guarded by itself. */
  private final ArrayDeque<StoredEvent> handedOver = new ArrayDeque<>();

  private Duration drainSpacing = Duration.ZERO;

  /** {@link HostClock#nanoTime} of the last drain's start; {@code null} before the first. */
  private volatile Long lastDrainNanos;

  private volatile SiteSnapshot state = SiteSnapshot.empty();
  private volatile boolean closed;

  /**
   * Whether this engine raised STORAGE_FAILED (drain and storageFailed both run on the state
   * thread).
   */
  private boolean storageFailing;

  private OutboundRecords outbound;
  private StateThread.Cancellable timer;
  private Instant timerDeadline;
  private StateThread.Cancellable poll;
  private long gapId = -1;
  private long gapSinceNanos;

  public SiteStateEngine(
      StateStore store,
      SiteStateMachine machine,
      MeaningTable table,
      String siteId,
      HostClock clock,
      StateThread thread,
      Metrics metrics,
      Alerts alerts) {
    this.store = store;
    this.machine = machine;
    this.normalizer = new EventNormalizer(table, machine.layout());
    this.siteId = siteId;
    this.clock = clock;
    this.clockSteps = new ClockStepDetector(clock);
    this.thread = thread;
    this.alerts = alerts;
    this.eventsApplied =
        metrics.counter(
            "chekt_bridge_state_events_total", "Panel events applied to the site state");
    this.rejected =
        metrics.counter(
            "chekt_bridge_state_rejected_total",
            "Panel events whose transition was invalid from the current state (logged, audited, never sent)");
    metrics.gauge(
        "chekt_bridge_state_cursor",
        "Id of the last panel event applied to the site state",
        "",
        () -> state.cursor());
  }

  /**
   * Loads the stored state, resolves delays that ran out while stopped, and applies waiting events.
   */
  public void start() throws SQLException {
    outbound = new OutboundRecords(siteId, store.instancePrefix(), machine.layout());
    state = machine.withConfiguredPartitions(store.load());
    LOG.info("Site state restored: {}", describe(state));
    thread.execute(this::onTimer);
    schedulePoll();
  }

  /**
   * Under a stream of events, applies them at most once per {@code spacing}: every drain is one H2
   * commit and fsync, and at hundreds of events a second one commit per event would compete with
   * the journal's commits (which hold up ACKs). A lone event is still applied at once. Called
   * before {@link #start}; zero (the default) drains on every notification.
   */
  public SiteStateEngine drainAtMostEvery(Duration spacing) {
    this.drainSpacing = spacing;
    return this;
  }

  /**
   * The journal's hand-over: the events it has just copied, applied from memory when they follow
   * the cursor; the database read stays the way for everything else.
   */
  @Override
  public void committed(List<StoredEvent> events) {
    synchronized (handedOver) {
      if (handedOver.size() + events.size() > HANDED_OVER_LIMIT) {
        handedOver.clear();
      } else {
        handedOver.addAll(events);
      }
    }
    committed(events.get(events.size() - 1).id());
  }

  /** The journal's notification: panel events up to {@code committedId} are in the database. */
  @Override
  public void committed(long committedId) {
    if (committedId > state.cursor() && drainQueued.compareAndSet(false, true)) {
      Runnable task =
          () -> {
            drainQueued.set(false);
            lastDrainNanos = clock.nanoTime();
            drain();
          };
      Duration wait = untilNextDrain();
      if (wait.isZero()) {
        thread.execute(task);
      } else {
        thread.schedule(task, wait);
      }
    }
  }

  /** On elapsed time: a step of the wall clock neither holds a batch back nor hurries it. */
  private Duration untilNextDrain() {
    Long last = lastDrainNanos;
    if (drainSpacing.isZero() || last == null) {
      return Duration.ZERO;
    }
    Duration wait = drainSpacing.minus(clock.elapsedSince(last));
    return wait.isNegative() ? Duration.ZERO : wait;
  }

  /**
   * The cloud's arming state as read back (the CHeKT API contract §4.3) after it diverged from what
   * the bridge last reported: the next record for each partition is built from it, so one refused
   * record does not make every later one an invalid transition too. Runs on the state thread;
   * stored.
   */
  @Override
  public java.util.Map<Integer, PartitionState> reportedToCloud() {
    java.util.Map<Integer, PartitionState> out = new java.util.TreeMap<>();
    state.partitions().forEach((n, p) -> out.put(n, p.cloudState()));
    return out;
  }

  @Override
  public void adoptCloudState(java.util.Map<Integer, PartitionState> cloud) {
    thread.execute(
        () -> {
          java.util.Map<Integer, PartitionSnapshot> partitions =
              new java.util.HashMap<>(state.partitions());
          cloud.forEach(
              (number, said) -> {
                PartitionSnapshot p = partitions.get(number);
                if (p != null && p.cloudState() != said) {
                  partitions.put(number, p.withCloud(said, said.mode(), p.cloudTime()));
                }
              });
          if (!partitions.equals(state.partitions())) {
            try {
              commit(
                  List.of(),
                  new SiteSnapshot(partitions, state.zones(), state.troubles(), state.cursor()));
            } catch (SQLException e) {
              storageFailed(e);
            }
          }
        });
  }

  /** The current state; immutable, safe from any thread. */
  public SiteSnapshot snapshot() {
    return state;
  }

  public SiteLayout layout() {
    return machine.layout();
  }

  /** Called (on the state thread) after outbox rows were committed, for cloud sync to wake up. */
  public void onOutboxWritten(Runnable listener) {
    outboxListeners.add(listener);
  }

  /**
   * Called (on the state thread) after each committed change with the state before and after it.
   */
  public void onStateChanged(java.util.function.BiConsumer<SiteSnapshot, SiteSnapshot> listener) {
    stateListeners.add(listener);
  }

  private void schedulePoll() {
    if (!closed) {
      poll =
          thread.schedule(
              () -> {
                // the next poll is scheduled even when this drain throws: the poll is the safety
                // net, and a chain that one exception ends would be gone until the restart
                try {
                  drain();
                } finally {
                  schedulePoll();
                }
              },
              POLL);
    }
  }

  /** Applies every committed panel event after the cursor, in batches. */
  private void drain() {
    try {
      followClockStep();
      List<StoredEvent> batch;
      do {
        batch = handedOverAfter(state.cursor());
        if (batch.isEmpty()) {
          batch = contiguous(store.eventsAfter(state.cursor(), BATCH));
        }
        if (!batch.isEmpty()) {
          applyBatch(batch);
        }
      } while (batch.size() == BATCH && !closed);
      if (storageFailing) {
        storageFailing = false;
        alerts.storage().recovered(StorageFaults.Part.SITE_STATE);
      }
    } catch (SQLException e) {
      storageFailed(e);
    }
  }

  /**
   * Up to {@link #BATCH} handed-over events that follow {@code cursor} without a gap; none when the
   * next one was not handed over (read from the database then). Taken before they are applied: if
   * the commit fails, the cursor stays and the database read serves the retry.
   */
  private List<StoredEvent> handedOverAfter(long cursor) {
    List<StoredEvent> out = new ArrayList<>();
    synchronized (handedOver) {
      while (!handedOver.isEmpty() && handedOver.peekFirst().id() <= cursor) {
        handedOver.pollFirst();
      }
      long expected = cursor + 1;
      while (out.size() < BATCH
          && !handedOver.isEmpty()
          && handedOver.peekFirst().id() == expected) {
        out.add(handedOver.pollFirst());
        expected++;
      }
    }
    return out;
  }

  /**
   * The rows up to the first missing id. Two writers may commit ids out of order: applying id 51
   * while 50 is still uncommitted would move the cursor past 50 for good. So a gap is waited for
   * ({@link #GAP_WAIT}); an id still missing then was rolled back and is skipped.
   */
  private List<StoredEvent> contiguous(List<StoredEvent> batch) {
    long expected = state.cursor() + 1;
    for (int i = 0; i < batch.size(); i++) {
      long id = batch.get(i).id();
      if (id != expected && !gapAged(expected, id)) {
        return batch.subList(0, i);
      }
      expected = id + 1;
    }
    return batch;
  }

  private boolean gapAged(long missing, long next) {
    if (gapId != missing) {
      gapId = missing;
      gapSinceNanos = clock.nanoTime();
      thread.schedule(this::drain, GAP_WAIT);
      return false;
    }
    if (clock.elapsedSince(gapSinceNanos).compareTo(GAP_WAIT) < 0) {
      return false;
    }
    LOG.debug(
        "panel_event ids {}..{} were never committed (rolled back); continuing", missing, next - 1);
    gapId = -1;
    return true;
  }

  /**
   * Moves running delays with a step of the wall clock, and holds each within its configured length
   * (a deadline stored before a restart on a stale clock must not stretch a delay); see {@link
   * SiteStateMachine#rebaseDelays}.
   */
  private void followClockStep() throws SQLException {
    Duration step = clockSteps.step();
    if (!step.isZero()) {
      LOG.warn(
          "The host clock was stepped {} (NTP or a manual change); running exit and entry delays keep "
              + "their configured length, timestamps follow the new time",
          ClockStepDetector.describe(step));
    }
    SiteSnapshot rebased = machine.rebaseDelays(state, step, clock.instant());
    if (rebased != state) {
      commit(List.of(), rebased);
      LOG.info("Delays moved with the host clock: {}", describe(rebased));
      rescheduleTimer();
    }
  }

  private void onTimer() {
    timerDeadline = null;
    drain();
    try {
      Result r = machine.expire(state, clock.instant());
      if (!r.audit().isEmpty()) {
        commit(List.of(new Applied(null, r)), r.next());
      }
    } catch (SQLException e) {
      storageFailed(e);
    }
    rescheduleTimer();
  }

  private record Applied(SiteEvent event, Result result) {}

  private void applyBatch(List<StoredEvent> batch) throws SQLException {
    SiteSnapshot working = state;
    List<Applied> applied = new ArrayList<>(batch.size());
    for (StoredEvent row : batch) {
      SiteEvent e = normalizer.normalize(row);
      Result r;
      try {
        r = machine.apply(working, e);
      } catch (RuntimeException bug) {
        LOG.error(
            "Panel event {} ({} {}) could not be applied to the site state: {}. It is still delivered as an event.",
            row.id(),
            row.cidWithQualifier(),
            row.siaCode(),
            bug.toString(),
            bug);
        r =
            new Result(
                new SiteSnapshot(
                    working.partitions(), working.zones(), working.troubles(), row.id()),
                List.of(
                    new AuditEntry(
                        e.time(),
                        null,
                        e.zone(),
                        null,
                        null,
                        e.user(),
                        e.source(),
                        e.id(),
                        AuditOutcome.FAILED,
                        bug.toString())),
                List.of(),
                true);
      }
      applied.add(new Applied(e, r));
      working = r.next();
    }
    commit(applied, working);
    eventsApplied.add(batch.size());
    rescheduleTimer();
  }

  /**
   * One transaction: audit lines, outbox rows, state and cursor. The in-memory state moves only
   * after it.
   */
  private void commit(List<Applied> applied, SiteSnapshot next) throws SQLException {
    Instant now = clock.instant();
    int outboxRows;
    try {
      outboxRows =
          store.inTransaction(
              c -> {
                int rows = 0;
                try (BatchInserts inserts = new BatchInserts(c)) {
                  for (Applied a : applied) {
                    rows += write(inserts, a, now);
                  }
                }
                store.save(c, state, next);
                return rows;
              });
    } catch (SQLException e) {
      reloadAfterFailedCommit();
      throw e;
    }
    moveTo(next, outboxRows > 0);
  }

  private void moveTo(SiteSnapshot next, boolean outboxWritten) {
    SiteSnapshot before = state;
    state = next;
    stateListeners.forEach(l -> l.accept(before, next));
    if (outboxWritten) {
      outboxListeners.forEach(Runnable::run);
    }
  }

  /**
   * A commit that threw may still have landed (the disk sync after it failed): the stored state
   * then already holds the batch, its audit lines and outbox rows. Taking the stored state as the
   * truth makes applying a batch idempotent: a batch that landed is not applied again, one that did
   * not is.
   */
  private void reloadAfterFailedCommit() {
    try {
      SiteSnapshot stored = machine.withConfiguredPartitions(store.load());
      if (stored.cursor() != state.cursor() || !stored.partitions().equals(state.partitions())) {
        LOG.warn(
            "The state commit up to panel event {} landed although its disk sync failed; it is not applied "
                + "again",
            stored.cursor());
        moveTo(stored, true);
      }
    } catch (SQLException e) {
      LOG.debug("Stored state not readable after a failed commit: {}", e.getMessage());
    }
  }

  private int write(BatchInserts inserts, Applied a, Instant now) throws SQLException {
    Result r = a.result();
    for (AuditEntry entry : r.audit()) {
      inserts.audit(entry);
      if (entry.outcome() == AuditOutcome.REJECTED) {
        rejected.increment();
      }
    }
    int rows = 0;
    Long cause = a.event() == null ? null : a.event().id();
    for (int i = 0; i < r.reports().size(); i++) {
      ArmingReport report = r.reports().get(i);
      inserts.outbox(outbound.arming(report, cause, state.cursor(), i, now));
      LOG.info(
          "Partition {}: {} reported to the cloud (user {}, {})",
          report.partitionLabel(),
          report.state(),
          report.user() == null ? "-" : report.user(),
          report.source() == null ? "panel" : report.source().wireName());
      rows++;
    }
    if (a.event() != null && r.deliverEvent()) {
      OutboxRow row = outbound.event(a.event(), now);
      if (inserts.outbox(row)) {
        rows++;
      } else {
        LOG.warn(
            "Panel event {} was applied again (replayed after a crash or a failed disk sync); its cloud "
                + "event {} is already queued and is not queued twice",
            a.event().id(),
            row.idempotencyKey());
      }
    }
    return rows;
  }

  private void rescheduleTimer() {
    Instant deadline = SiteStateMachine.nextDeadline(state);
    if (closed || (deadline != null && deadline.equals(timerDeadline))) {
      return;
    }
    if (timer != null) {
      timer.cancel();
      timer = null;
    }
    timerDeadline = deadline;
    if (deadline != null) {
      timer = thread.schedule(this::onTimer, Duration.between(clock.instant(), deadline));
    }
  }

  private void storageFailed(SQLException e) {
    LOG.error(
        "Site state could not be stored ({}); retrying in {} s. Panel events stay in the journal "
            + "and are applied once storage works again.",
        e.getMessage(),
        RETRY_AFTER_STORAGE_FAILURE.toSeconds());
    storageFailing = true;
    alerts.storage().failed(StorageFaults.Part.SITE_STATE, "site state: " + e.getMessage(), e);
    if (!closed) {
      thread.schedule(this::onTimer, RETRY_AFTER_STORAGE_FAILURE);
    }
  }

  private static String describe(SiteSnapshot s) {
    StringBuilder out = new StringBuilder();
    s.partitions()
        .values()
        .forEach(
            p ->
                out.append("partition ")
                    .append(p.number())
                    .append(' ')
                    .append(p.state().wireName())
                    .append(p.delayEnds() == null ? "" : " until " + p.delayEnds())
                    .append("; "));
    return out.append(s.zones().size())
        .append(" zones known, last panel event ")
        .append(s.cursor())
        .toString();
  }

  @Override
  public void close() {
    closed = true;
    if (poll != null) {
      poll.cancel();
    }
    if (timer != null) {
      timer.cancel();
    }
    thread.close();
  }
}
