package io.chektbridge.daemon.journal;

import io.chektbridge.daemon.ops.Alerts;
import io.chektbridge.daemon.ops.Metrics;
import io.chektbridge.daemon.ops.StorageFaults;
import io.chektbridge.daemon.store.Database;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal: panel messages appended to a {@link SegmentLog} and synced with group commit, then
 * copied into H2 by a {@link JournalIndexer} off the acknowledgement path.
 *
 * <p>Group commit without a hand-off: a link's own thread appends ({@link #appendHere}) and then
 * calls {@link #flush}, which syncs everything appended so far by every thread (one {@code
 * fdatasync} for the lot) or waits for the sync already under way to cover it, and then completes
 * that thread's futures on that thread, so a netty event loop writes its ACKs itself. {@link
 * #append} is the same done by the journal's own writer thread, for links that cannot wait.
 *
 * <p>Why not commit to H2 before the ACK: H2 2.5's crash recovery can drop chunks that a commit had
 * already written (see {@code docs/storage.md}), and one H2 commit costs several times a sync. A
 * frame costs one record and a share of one {@code fdatasync} here.
 *
 * <p>Retransmissions (same dedup key within an hour) are answered with the original's ids and not
 * written again, once the original is durable; the memory of recent keys is refilled from the
 * database at start.
 */
public final class SegmentEventJournal implements EventJournal {
  private static final Logger LOG = LoggerFactory.getLogger(SegmentEventJournal.class);

  /**
   * Segment size: 8 MiB holds some 30,000 frames, and creating one costs ~10 ms of zero-filling.
   */
  public static final int SEGMENT_BYTES = 8 << 20;

  private static final int MAX_BATCH = 1024;
  private static final int DEDUP_MEMORY = 20_000;
  private static final Duration DEDUP_WINDOW = Duration.ofHours(1);

  private final Database db;
  private final SegmentLog log;
  private final JournalIndexer indexer;
  private final Alerts alerts;
  private final BlockingQueue<Queued> queue;

  /** One sync at a time; taken before {@link #appendLock} when both are needed. */
  private final ReentrantLock syncLock = new ReentrantLock();

  /** Guards the log's append side, the numbering, the dedup memory and {@link #unsynced}. */
  private final ReentrantLock appendLock = new ReentrantLock();

  /**
   * Records appended and not yet resolved, in seq order: the next sync or failure resolves them.
   */
  private final ArrayDeque<Slot> unsynced = new ArrayDeque<>();

  private final ThreadLocal<List<Pending>> mine = ThreadLocal.withInitial(ArrayList::new);
  private final Map<String, Stored> recent =
      new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Stored> eldest) {
          return size() > DEDUP_MEMORY;
        }
      };
  private final Thread writer;
  private final Metrics.Histogram commitLatency;
  private final LongAdder commits;
  private final LongAdder failures;
  private final LongAdder refusedFull;
  private final LongAdder duplicates;
  private ByteBuffer encoded = ByteBuffer.allocate(16 * 1024);
  private long nextEventId;

  /**
   * The event id after the last durable record: numbering goes back here when unsynced records are
   * discarded.
   */
  private long durableNextEventId;

  private volatile boolean storageFailed;
  private volatile boolean closing;

  /**
   * One appended record's fate, decided once: durable (by the sync that wrote it) or failed (by a
   * discard).
   */
  private static final class Slot {
    final long seq;
    final long nextEventId;
    final String dedupKey;
    volatile boolean durable;
    volatile JournalUnavailableException failure;

    Slot(long seq, long nextEventId, String dedupKey) {
      this.seq = seq;
      this.nextEventId = nextEventId;
      this.dedupKey = dedupKey;
    }

    boolean resolved() {
      return durable || failure != null;
    }
  }

  /**
   * A caller's future, completed by the thread that appended it once its slot (or its original's)
   * is resolved.
   */
  private record Pending(
      Slot slot, JournalReceipt receipt, CompletableFuture<JournalReceipt> result) {}

  private record Queued(InboundMessage message, CompletableFuture<JournalReceipt> result) {}

  /** The slot of every record that was durable before this process started. */
  private static final Slot DURABLE = durableSlot();

  private static Slot durableSlot() {
    Slot s = new Slot(0, 0, null);
    s.durable = true;
    return s;
  }

  /**
   * A recently stored original, and when it came: a repeat is a retransmission only within the
   * window.
   */
  private record Stored(JournalReceipt receipt, Instant receivedAt, Slot slot) {}

  private SegmentEventJournal(
      Database db, SegmentLog log, Metrics metrics, Alerts alerts, int queueCapacity)
      throws SQLException {
    this.db = db;
    this.log = log;
    this.alerts = alerts;
    this.indexer = new JournalIndexer(db, log, metrics, alerts);
    this.queue = new ArrayBlockingQueue<>(queueCapacity);
    this.commitLatency =
        metrics.histogram(
            "chekt_bridge_journal_commit_seconds",
            "Time from the start of a group commit to its sync returning");
    this.commits =
        metrics.counter("chekt_bridge_journal_commits_total", "Group commits written and synced");
    this.failures =
        metrics.counter(
            "chekt_bridge_journal_failures_total",
            "Group commits that failed; their messages were not acknowledged");
    this.refusedFull =
        metrics.counter(
            "chekt_bridge_journal_refused_total",
            "Messages refused because the journal queue was full",
            "reason=\"queue_full\"");
    this.duplicates =
        metrics.counter(
            "chekt_bridge_journal_duplicates_total",
            "Retransmissions recognised and acknowledged again without storing twice");
    metrics.gauge(
        "chekt_bridge_journal_queue_depth",
        "Messages waiting for the journal's writer thread",
        "",
        queue::size);
    this.writer = new Thread(this::run, "journal-writer");
    this.writer.setDaemon(true);
  }

  /** The journal in {@code storage.path/journal}, synced with {@code fdatasync}. */
  /** Where the journal of the data folder {@code dataDirectory} (storage.path) lives. */
  static Path directoryIn(Path dataDirectory) {
    return dataDirectory.resolve("journal");
  }

  public static SegmentEventJournal open(
      Database db, Metrics metrics, Alerts alerts, int queueCapacity)
      throws SQLException, IOException {
    return open(db, metrics, alerts, queueCapacity, SEGMENT_BYTES, SegmentLog.Sync.DATA);
  }

  /**
   * Opens the log, copies into H2 whatever it holds beyond the database (the replay after a crash),
   * and starts the writer and the indexer. Call before any link opens.
   */
  public static SegmentEventJournal open(
      Database db,
      Metrics metrics,
      Alerts alerts,
      int queueCapacity,
      int segmentBytes,
      SegmentLog.Sync sync)
      throws SQLException, IOException {
    Path directory = directoryIn(db.directory());
    long applied = JournalIndexer.appliedSeq(db);
    SegmentLog log = SegmentLog.open(directory, segmentBytes, sync, applied + 1);
    SegmentEventJournal journal = new SegmentEventJournal(db, log, metrics, alerts, queueCapacity);
    int replayed = journal.indexer.catchUp();
    if (replayed > 0) {
      LOG.warn(
          "Journal replay: {} acknowledged messages were not in the database yet (after a crash or power cut) "
              + "and have been copied into it",
          replayed);
    }
    journal.resumeNumbering();
    journal.rememberRecent();
    journal.indexer.start();
    journal.writer.start();
    LOG.info(
        "Event journal open in {}: group commit with fdatasync, queue of {} messages",
        directory,
        queueCapacity);
    return journal;
  }

  /**
   * After the replay the database holds every id the log ever gave: numbering goes on from there.
   */
  private void resumeNumbering() throws SQLException, IOException {
    try (Connection c = db.connection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT (SELECT COALESCE(MAX(id), 0) FROM inbound_message),"
                    + " (SELECT COALESCE(MAX(id), 0) FROM panel_event)")) {
      rs.next();
      log.skipTo(rs.getLong(1) + 1);
      nextEventId = rs.getLong(2) + 1;
      durableNextEventId = nextEventId;
    }
  }

  /**
   * Refills the retransmission memory with the newest messages, so a resend after a restart is
   * still known; whether one is within the window is judged against the resend's own time.
   */
  private void rememberRecent() throws SQLException {
    try (Connection c = db.connection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT m.id, m.dedup_key, m.received_at, MIN(e.id), COUNT(e.id) FROM inbound_message m"
                    + " LEFT JOIN panel_event e ON e.message_id = m.id"
                    + " WHERE m.id > ? AND m.dedup_key IS NOT NULL"
                    + " GROUP BY m.id, m.dedup_key, m.received_at ORDER BY m.id")) {
      s.setLong(1, Math.max(0, log.nextSeq() - 1 - DEDUP_MEMORY));
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          List<Long> ids = new ArrayList<>();
          for (long i = 0; i < rs.getLong(5); i++) {
            ids.add(rs.getLong(4) + i);
          }
          recent.put(
              rs.getString(2),
              new Stored(
                  new JournalReceipt(rs.getLong(1), ids, true),
                  rs.getObject(3, java.time.OffsetDateTime.class).toInstant(),
                  DURABLE));
        }
      }
    }
  }

  @Override
  public CompletableFuture<JournalReceipt> append(InboundMessage message) {
    CompletableFuture<JournalReceipt> result = new CompletableFuture<>();
    if (closing) {
      result.completeExceptionally(
          new JournalUnavailableException("journal is shutting down", null));
    } else if (!queue.offer(new Queued(message, result))) {
      refusedFull.increment();
      result.completeExceptionally(
          new JournalUnavailableException(
              "journal queue full ("
                  + queue.size()
                  + " waiting): storage cannot keep up; the panel will resend",
              null));
    }
    return result;
  }

  @Override
  public CompletableFuture<JournalReceipt> appendHere(InboundMessage message) {
    if (closing) {
      return CompletableFuture.failedFuture(
          new JournalUnavailableException("journal is shutting down", null));
    }
    return appendOnThisThread(message);
  }

  /** Without the closing check: the writer still writes what was queued before {@link #close}. */
  private CompletableFuture<JournalReceipt> appendOnThisThread(InboundMessage message) {
    CompletableFuture<JournalReceipt> result = new CompletableFuture<>();
    try {
      mine.get().add(store(message, result));
    } catch (IOException | RuntimeException e) {
      discardUnsynced(e);
      result.completeExceptionally(failure(e));
    }
    return result;
  }

  @Override
  public void flush() {
    List<Pending> pending = mine.get();
    if (pending.isEmpty()) {
      return;
    }
    for (Pending p : pending) {
      while (!p.slot().resolved()) {
        syncRound();
      }
    }
    List<Pending> done = List.copyOf(pending);
    pending.clear();
    for (Pending p : done) {
      if (p.slot().durable) {
        p.result().complete(p.receipt());
      } else {
        p.result().completeExceptionally(p.slot().failure);
      }
    }
  }

  @Override
  public void onCommit(CommitListener listener) {
    indexer.onCommit(listener);
  }

  /** Tests: waits until every message acknowledged so far is in the database. */
  public boolean awaitAllInDatabase(Duration timeout) throws InterruptedException {
    return indexer.awaitCopied(log.durableSeq(), timeout);
  }

  /**
   * Tests: waits until the message {@code messageId} and everything before it are in the database.
   */
  public boolean awaitInDatabase(long messageId, Duration timeout) throws InterruptedException {
    return indexer.awaitCopied(messageId, timeout);
  }

  private void run() {
    List<Queued> batch = new ArrayList<>(MAX_BATCH);
    while (!closing || !queue.isEmpty()) {
      try {
        Queued first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, MAX_BATCH - 1);
        for (Queued q : batch) {
          appendOnThisThread(q.message())
              .whenComplete(
                  (receipt, failure) -> {
                    if (failure == null) {
                      q.result().complete(receipt);
                    } else {
                      q.result().completeExceptionally(failure);
                    }
                  });
        }
        flush();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } finally {
        batch.clear();
      }
    }
  }

  /**
   * Appends one message (or finds it is a retransmission) and returns the caller's pending answer.
   * A roll to a new segment syncs the old one, so it takes the sync lock first.
   */
  private Pending store(InboundMessage m, CompletableFuture<JournalReceipt> result)
      throws IOException {
    boolean rolls = false;
    appendLock.lock();
    try {
      if (log.mayRoll(JournalRecordCodec.maxSize(m))) {
        appendLock.unlock();
        syncLock.lock();
        rolls = true;
        appendLock.lock();
      }
      Stored earlier = m.dedupKey() == null ? null : earlier(m);
      if (earlier != null) {
        duplicates.increment();
        return new Pending(earlier.slot(), earlier.receipt(), result);
      }
      return appendRecord(m, result);
    } finally {
      appendLock.unlock();
      if (rolls) {
        syncLock.unlock();
      }
    }
  }

  private Pending appendRecord(InboundMessage m, CompletableFuture<JournalReceipt> result)
      throws IOException {
    JournalRecord record = new JournalRecord(log.nextSeq(), nextEventId, m);
    int size = JournalRecordCodec.maxSize(m);
    if (encoded.capacity() < size) {
      encoded = ByteBuffer.allocate(size);
    }
    log.append(JournalRecordCodec.encode(record, encoded));
    nextEventId = record.nextEventId();
    Slot slot = new Slot(record.messageId(), nextEventId, m.dedupKey());
    unsynced.add(slot);
    resolveDurable();
    JournalReceipt receipt = new JournalReceipt(record.messageId(), record.eventIds(), false);
    if (m.dedupKey() != null) {
      recent.put(
          m.dedupKey(),
          new Stored(
              new JournalReceipt(receipt.messageId(), receipt.eventIds(), true),
              m.receivedAt(),
              slot));
    }
    return new Pending(slot, receipt, result);
  }

  private Stored earlier(InboundMessage m) {
    Stored s = recent.get(m.dedupKey());
    return s != null && s.receivedAt().isAfter(m.receivedAt().minus(DEDUP_WINDOW)) ? s : null;
  }

  /**
   * One group commit: writes whatever every thread has appended, forces it (other threads go on
   * appending meanwhile), and marks it durable. A caller whose record another round already covered
   * finds nothing left to do.
   */
  private void syncRound() {
    syncLock.lock();
    try {
      SegmentLog.Written written;
      appendLock.lock();
      try {
        if (unsynced.isEmpty()) {
          return;
        }
        written = log.writeBuffered();
      } finally {
        appendLock.unlock();
      }
      long started = System.nanoTime();
      log.force(written);
      commitLatency.observeNanos(System.nanoTime() - started);
      appendLock.lock();
      try {
        log.markDurable(written);
        resolveDurable();
      } finally {
        appendLock.unlock();
      }
      commits.increment();
      if (storageFailed) {
        storageFailed = false;
        alerts.storage().recovered(StorageFaults.Part.JOURNAL);
      }
      indexer.wake();
    } catch (IOException | RuntimeException e) {
      discardUnsynced(e);
    } finally {
      syncLock.unlock();
    }
  }

  /** Under the append lock: every slot at or below the log's durable seq is durable. */
  private void resolveDurable() {
    long durable = log.durableSeq();
    Slot s;
    while ((s = unsynced.peek()) != null && s.seq <= durable) {
      unsynced.poll();
      durableNextEventId = s.nextEventId;
      s.durable = true;
    }
  }

  /**
   * A write or sync failed: forgets every record not yet durable (none was acknowledged; the next
   * ones overwrite them) and fails their slots, whichever thread appended them.
   */
  private void discardUnsynced(Exception e) {
    JournalUnavailableException failure = failure(e);
    syncLock.lock();
    appendLock.lock();
    try {
      resolveDurable();
      log.discardBatch();
      nextEventId = durableNextEventId;
      failures.increment();
      LOG.error(
          "Journal write failed; no ACK for the {} messages waiting for its sync nor for the one being stored: {}",
          unsynced.size(),
          failure.getMessage());
      Slot s;
      while ((s = unsynced.poll()) != null) {
        if (s.dedupKey != null
            && recent.get(s.dedupKey) != null
            && recent.get(s.dedupKey).slot() == s) {
          recent.remove(s.dedupKey);
        }
        s.failure = failure;
      }
    } finally {
      appendLock.unlock();
      syncLock.unlock();
    }
    storageFailed = true;
    alerts.storage().failed(StorageFaults.Part.JOURNAL, failure.getMessage(), failure);
  }

  private JournalUnavailableException failure(Exception e) {
    return new JournalUnavailableException(
        "cannot store panel events in "
            + log.directory()
            + ": "
            + e.getMessage()
            + " (check free disk space and permissions); panels get no ACK and will resend",
        e);
  }

  /** Stops taking messages, writes what is queued, stops the indexer, and closes the log. */
  @Override
  public void close() {
    closing = true;
    try {
      writer.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Queued left;
    while ((left = queue.poll()) != null) {
      left.result().completeExceptionally(new JournalUnavailableException("journal closed", null));
    }
    syncRound();
    indexer.close();
    try {
      log.close();
    } catch (IOException e) {
      LOG.debug("Closing the journal log: {}", e.toString());
    }
  }
}
