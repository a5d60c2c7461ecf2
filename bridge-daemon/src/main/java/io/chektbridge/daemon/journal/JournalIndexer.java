package io.chektbridge.daemon.journal;

import io.chektbridge.daemon.ops.Alerts;
import io.chektbridge.daemon.ops.Metrics;
import io.chektbridge.daemon.ops.StorageFaults;
import io.chektbridge.daemon.store.Database;
import io.chektbridge.daemon.threads.DaemonThreads;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the segment journal into H2's {@code inbound_message} and {@code panel_event} (it is their
 * only writer), in large batches off the acknowledgement path, and tells the state engine what it
 * copied. Each batch and the position it reached ({@code journal_position}) are one transaction, so
 * after a crash the copy resumes where the database really stands, whatever H2's recovery kept.
 *
 * <p>It also decides when a segment may go: once every record in it is copied and H2's recovery is
 * sure to find that copy ({@link Database#recoverableVersion}).
 */
final class JournalIndexer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JournalIndexer.class);

  /**
   * Small enough that H2 never stores a copy's rows before its commit (a few hundred KiB at most).
   */
  private static final int MAX_BATCH = 250;

  private static final long RETENTION_CHECK_NANOS = TimeUnit.SECONDS.toNanos(5);
  private static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);

  /**
   * Copies are at least this far apart while frames stream in, so a lock-step panel's frames are
   * copied (and fsynced in H2) in batches, not one H2 commit per frame; the state engine drains at
   * the same pace. Adds at most this much to a frame's way to the cloud.
   */
  private static final long COPY_SPACING_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  private final Database db;
  private final SegmentLog log;
  private final Alerts alerts;
  private final List<CommitListener> listeners = new CopyOnWriteArrayList<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition work = lock.newCondition();
  private final Condition progress = lock.newCondition();

  /** Copied positions waiting for H2's recovery to be sure of them: {seq, store version}. */
  private final Deque<long[]> unconfirmed = new ArrayDeque<>();

  private final LongAdder copied;
  private final LongAdder failures;
  private final Thread thread;
  private SegmentLog.Reader reader;
  private volatile long appliedSeq;
  private volatile boolean closing;

  /**
   * The durable seq the waiting indexer wants to be woken at: the next record when idle, a full
   * batch while it paces its copies; none while it copies. In lock-step every frame is a sync, and
   * a wake-up per frame for a thread that only goes back to sleep costs the ACK path a futex call
   * and the other core a context switch.
   */
  private volatile long wakeAtSeq = Long.MAX_VALUE;

  private long lastRetentionCheck;

  JournalIndexer(Database db, SegmentLog log, Metrics metrics, Alerts alerts) throws SQLException {
    this.db = db;
    this.log = log;
    this.alerts = alerts;
    this.appliedSeq = appliedSeq(db);
    this.copied =
        metrics.counter(
            "chekt_bridge_journal_indexed_total", "Journal messages copied into the database");
    this.failures =
        metrics.counter(
            "chekt_bridge_journal_index_failures_total",
            "Failed copies of journal messages into the database (retried; the journal keeps them)");
    metrics.gauge(
        "chekt_bridge_journal_index_lag",
        "Journal messages not yet copied into the database",
        "",
        () -> Math.max(0, log.durableSeq() - appliedSeq));
    this.thread = DaemonThreads.background(this::run, "journal-indexer");
  }

  /** The id of the last message copied into H2 (0 for none). */
  static long appliedSeq(Database db) throws SQLException {
    try (Connection c = db.connection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT applied_seq FROM journal_position WHERE id = 1")) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }

  long appliedSeq() {
    return appliedSeq;
  }

  void onCommit(CommitListener listener) {
    listeners.add(listener);
  }

  /**
   * Copies everything the log holds beyond the database's position; at start, before any link is
   * open.
   */
  int catchUp() throws SQLException, IOException {
    int total = 0;
    int n;
    while ((n = copyBatch()) > 0) {
      total += n;
    }
    return total;
  }

  void start() {
    thread.start();
  }

  /**
   * Called by the journal writer after each sync: there is more to copy. Wakes the indexer only
   * when it waits for what this sync reached ({@link #wakeAtSeq}).
   */
  void wake() {
    if (log.durableSeq() >= wakeAtSeq) {
      signal();
    }
  }

  private void signal() {
    lock.lock();
    try {
      work.signal();
    } finally {
      lock.unlock();
    }
  }

  /** Waits until every message up to {@code seq} is in the database; false on timeout. */
  boolean awaitCopied(long seq, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    lock.lock();
    try {
      while (appliedSeq < seq) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        progress.awaitNanos(left);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Copies as the log grows; on close, finishes copying what is durable first, so a clean stop
   * leaves the database whole.
   */
  private void run() {
    long lastCopy = System.nanoTime() - COPY_SPACING_NANOS;
    while (true) {
      try {
        pace(lastCopy);
        lastCopy = System.nanoTime();
        int copiedNow = copyBatch();
        alerts.storage().recovered(StorageFaults.Part.DATABASE_COPY);
        if (copiedNow == 0) {
          if (closing) {
            return;
          }
          dropConfirmedSegments();
          idle(TimeUnit.MILLISECONDS.toNanos(200));
        }
      } catch (SQLException | IOException | RuntimeException e) {
        failed(e);
        if (closing) {
          return;
        }
        idle(RETRY_NANOS);
      }
    }
  }

  /** Waits out the copy spacing, unless a full batch is waiting or the journal is closing. */
  private void pace(long lastCopy) {
    waitUntil(lastCopy + COPY_SPACING_NANOS, appliedSeq + MAX_BATCH);
  }

  /** Waits up to {@code nanos} for something to copy. */
  private void idle(long nanos) {
    waitUntil(System.nanoTime() + nanos, appliedSeq + 1);
  }

  /**
   * Waits until the deadline, or until the journal is durable up to {@code seq}. The seq is
   * published first, so a sync that reaches it after the check below still signals.
   */
  private void waitUntil(long deadline, long seq) {
    wakeAtSeq = seq;
    lock.lock();
    try {
      long left;
      while (!closing && log.durableSeq() < seq && (left = deadline - System.nanoTime()) > 0) {
        work.awaitNanos(left);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closing = true;
    } finally {
      lock.unlock();
      wakeAtSeq = Long.MAX_VALUE;
    }
  }

  private void failed(Exception e) {
    failures.increment();
    closeReader();
    String what =
        "cannot copy panel events from the journal into the database in "
            + db.directory()
            + ": "
            + e.getMessage()
            + ". They are safe in the journal and are acknowledged; the state and the cloud wait for"
            + " them. Check free disk space and permissions under storage.path";
    if (!alerts.storage().isFailing(StorageFaults.Part.DATABASE_COPY)) {
      LOG.error(what, e);
    }
    alerts.storage().failed(StorageFaults.Part.DATABASE_COPY, what, e);
  }

  /** Copies up to {@link #MAX_BATCH} messages in one transaction; returns how many. */
  private int copyBatch() throws SQLException, IOException {
    long limit = log.durableSeq();
    if (limit <= appliedSeq) {
      return 0;
    }
    if (reader == null || reader.expectedSeq() != appliedSeq + 1) {
      closeReader();
      reader = new SegmentLog.Reader(log.directory(), appliedSeq + 1, limit);
    }
    reader.limit(limit);
    List<JournalRecord> batch = new ArrayList<>();
    SegmentLog.Entry e;
    while (batch.size() < MAX_BATCH && (e = reader.next()) != null) {
      batch.add(JournalRecordCodec.decode(e.payload()));
    }
    if (!batch.isEmpty() && batch.get(0).messageId() != appliedSeq + 1) {
      LOG.error(
          "Messages {} to {} are neither in the database nor in the journal in {}: the database was replaced "
              + "or restored from an older copy, or journal files were removed. They cannot be recovered here; later "
              + "messages are copied on",
          appliedSeq + 1,
          batch.get(0).messageId() - 1,
          log.directory());
    }
    if (batch.isEmpty()) {
      throw new IOException(
          "the journal holds messages up to "
              + limit
              + " but message "
              + (appliedSeq + 1)
              + " cannot be read from "
              + log.directory());
    }
    insert(batch);
    return batch.size();
  }

  private void insert(List<JournalRecord> batch) throws SQLException {
    long last = batch.get(batch.size() - 1).messageId();
    List<StoredEvent> events = db.inTransaction(c -> copy(c, batch, last));
    long version = db.storeVersion();
    lock.lock();
    try {
      appliedSeq = last;
      if (unconfirmed.size() >= 1000) {
        // bounded: the newest entry stands for the ones it replaces (a later seq needing a later
        // version)
        unconfirmed.pollLast();
      }
      unconfirmed.add(new long[] {last, version});
      progress.signalAll();
    } finally {
      lock.unlock();
    }
    copied.add(batch.size());
    if (!events.isEmpty()) {
      notifyListeners(events);
    }
  }

  /** Inserts the batch's rows and moves the position; returns the events written, in id order. */
  private List<StoredEvent> copy(Connection c, List<JournalRecord> batch, long last)
      throws SQLException {
    List<StoredEvent> events = new ArrayList<>();
    try (PreparedStatement message =
            c.prepareStatement(
                "INSERT INTO inbound_message (id, received_at, link, peer, account, raw, dedup_key, error)"
                    + " VALUES (?,?,?,?,?,?,?,?)");
        PreparedStatement event = c.prepareStatement(PanelEventTable.INSERT);
        PreparedStatement position =
            c.prepareStatement("UPDATE journal_position SET applied_seq = ? WHERE id = 1")) {
      clearBeyondPosition(c);
      for (JournalRecord r : batch) {
        addMessage(message, r);
        for (int i = 0; i < r.message().events().size(); i++) {
          StoredEvent e = StoredEvent.of(r, i);
          PanelEventTable.add(event, r.messageId(), e);
          events.add(e);
        }
      }
      message.executeBatch();
      event.executeBatch();
      position.setLong(1, last);
      position.executeUpdate();
    }
    return events;
  }

  /**
   * Removes rows past {@code journal_position}: the journal holds them and they are copied again.
   * None exist normally, but after a kill H2's recovery has been seen to keep a copy transaction's
   * inbound_message rows without its panel_event rows or position (its commit was half on disk),
   * and inserting over them then never returned. Same transaction as the copy, so it is all or
   * nothing.
   */
  private void clearBeyondPosition(Connection c) throws SQLException {
    try (PreparedStatement events =
            c.prepareStatement("DELETE FROM panel_event WHERE message_id > ?");
        PreparedStatement messages =
            c.prepareStatement("DELETE FROM inbound_message WHERE id > ?")) {
      events.setLong(1, appliedSeq);
      messages.setLong(1, appliedSeq);
      int leftovers = events.executeUpdate() + messages.executeUpdate();
      if (leftovers > 0) {
        LOG.warn(
            "The database held {} rows past the journal position {} (a copy cut short by a crash); they are "
                + "copied again from the journal",
            leftovers,
            appliedSeq);
      }
    }
  }

  private static void addMessage(PreparedStatement s, JournalRecord r) throws SQLException {
    InboundMessage m = r.message();
    s.setLong(1, r.messageId());
    s.setObject(2, m.receivedAt().atOffset(ZoneOffset.UTC));
    s.setString(3, m.link());
    s.setString(4, m.peer());
    s.setString(5, m.account());
    s.setBytes(6, m.raw());
    s.setString(7, m.dedupKey());
    s.setString(8, m.error());
    s.addBatch();
  }

  private void notifyListeners(List<StoredEvent> events) {
    List<StoredEvent> handed = List.copyOf(events);
    for (CommitListener l : listeners) {
      try {
        l.committed(handed);
      } catch (RuntimeException e) {
        LOG.error("Journal listener failed: {}", e.toString(), e);
      }
    }
  }

  /**
   * Deletes the segments whose copy H2's recovery is sure to find. Checked every few seconds while
   * idle: the check syncs H2's file and reads its header.
   */
  private void dropConfirmedSegments() throws SQLException, IOException {
    long now = System.nanoTime();
    if (unconfirmed.isEmpty() || now - lastRetentionCheck < RETENTION_CHECK_NANOS) {
      return;
    }
    lastRetentionCheck = now;
    long recoverable = db.recoverableVersion();
    long safeSeq = -1;
    lock.lock();
    try {
      while (!unconfirmed.isEmpty() && unconfirmed.peekFirst()[1] <= recoverable) {
        safeSeq = unconfirmed.pollFirst()[0];
      }
    } finally {
      lock.unlock();
    }
    if (safeSeq > 0) {
      int deleted = log.deleteThrough(safeSeq);
      if (deleted > 0) {
        LOG.debug(
            "Deleted {} journal segments copied into the database up to message {}",
            deleted,
            safeSeq);
      }
    }
  }

  private void closeReader() {
    if (reader != null) {
      try {
        reader.close();
      } catch (IOException e) {
        LOG.debug("Closing the journal reader: {}", e.toString());
      }
      reader = null;
    }
  }

  /**
   * Stops once everything synced is copied (the journal's writer has stopped before this), or at
   * once if the database fails; what is not copied then is copied at the next start.
   */
  @Override
  public void close() {
    closing = true;
    signal();
    try {
      thread.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    closeReader();
  }
}
