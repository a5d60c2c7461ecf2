package io.chektbridge.daemon.journal;

import io.chektbridge.daemon.ops.Alerts;
import io.chektbridge.daemon.ops.Metrics;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal: panel messages appended to a {@link SegmentLog} with group commit (one writer thread
 * takes whatever is queued, appends it, syncs once, and only then completes every caller's future),
 * then copied into H2 by a {@link JournalIndexer} off the acknowledgement path.
 *
 * <p>Why not commit to H2 before the ACK: H2 2.5's crash recovery can drop chunks that a commit had
 * already written (see {@code docs/storage.md}), and one H2 commit costs several times a sync. A
 * frame costs one record and a share of one {@code fdatasync} here.
 *
 * <p>Retransmissions (same dedup key within an hour) are answered with the original's ids and not
 * written again; the memory of recent keys is refilled from the database at start.
 */
public final class SegmentEventJournal implements EventJournal {
  private static final Logger LOG = LoggerFactory.getLogger(SegmentEventJournal.class);
  /** Segment size: 8 MiB holds some 30,000 frames, and creating one costs ~10 ms of zero-filling. */
  public static final int SEGMENT_BYTES = 8 << 20;
  private static final int MAX_BATCH = 1024;
  private static final int DEDUP_MEMORY = 20_000;
  private static final Duration DEDUP_WINDOW = Duration.ofHours(1);
  static final String STORAGE_ALERT = "STORAGE_FAILED";

  private final Database db;
  private final SegmentLog log;
  private final JournalIndexer indexer;
  private final Alerts alerts;
  private final BlockingQueue<Pending> queue;
  private final Map<String, Stored> recent = new LinkedHashMap<>(1024, 0.75f, true) {
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
  private volatile boolean closing;
  private boolean storageFailing;

  private record Pending(InboundMessage message, CompletableFuture<JournalReceipt> result) {
  }

  /** A recently stored original, and when it came: a repeat is a retransmission only within the window. */
  private record Stored(JournalReceipt receipt, Instant receivedAt) {
  }

  private SegmentEventJournal(Database db, SegmentLog log, Metrics metrics, Alerts alerts, int queueCapacity)
      throws SQLException {
    this.db = db;
    this.log = log;
    this.alerts = alerts;
    this.indexer = new JournalIndexer(db, log, metrics, alerts);
    this.queue = new ArrayBlockingQueue<>(queueCapacity);
    this.commitLatency = metrics.histogram("chekt_bridge_journal_commit_seconds",
        "Time from the start of a group commit to its sync returning");
    this.commits = metrics.counter("chekt_bridge_journal_commits_total", "Group commits written and synced");
    this.failures = metrics.counter("chekt_bridge_journal_failures_total",
        "Group commits that failed; their messages were not acknowledged");
    this.refusedFull = metrics.counter("chekt_bridge_journal_refused_total",
        "Messages refused because the journal queue was full", "reason=\"queue_full\"");
    this.duplicates = metrics.counter("chekt_bridge_journal_duplicates_total",
        "Retransmissions recognised and acknowledged again without storing twice");
    metrics.gauge("chekt_bridge_journal_queue_depth", "Messages waiting for the next group commit", "", queue::size);
    this.writer = new Thread(this::run, "journal-writer");
    this.writer.setDaemon(true);
  }

  /** The journal in {@code storage.path/journal}, synced with {@code fdatasync}. */
  public static SegmentEventJournal open(Database db, Metrics metrics, Alerts alerts, int queueCapacity)
      throws SQLException, IOException {
    return open(db, metrics, alerts, queueCapacity, SEGMENT_BYTES, SegmentLog.Sync.DATA);
  }

  /**
   * Opens the log, copies into H2 whatever it holds beyond the database (the replay after a crash),
   * and starts the writer and the indexer. Call before any link opens.
   */
  public static SegmentEventJournal open(Database db, Metrics metrics, Alerts alerts, int queueCapacity,
      int segmentBytes, SegmentLog.Sync sync) throws SQLException, IOException {
    Path directory = db.directory().resolve("journal");
    long applied = JournalIndexer.appliedSeq(db);
    SegmentLog log = SegmentLog.open(directory, segmentBytes, sync, applied + 1);
    SegmentEventJournal journal = new SegmentEventJournal(db, log, metrics, alerts, queueCapacity);
    int replayed = journal.indexer.catchUp();
    if (replayed > 0) {
      LOG.warn("Journal replay: {} acknowledged messages were not in the database yet (after a crash or power cut) "
          + "and have been copied into it", replayed);
    }
    journal.resumeNumbering();
    journal.rememberRecent();
    journal.indexer.start();
    journal.writer.start();
    LOG.info("Event journal open in {}: group commit with fdatasync, queue of {} messages", directory, queueCapacity);
    return journal;
  }

  /** After the replay the database holds every id the log ever gave: numbering goes on from there. */
  private void resumeNumbering() throws SQLException, IOException {
    try (Connection c = db.connection(); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT (SELECT COALESCE(MAX(id), 0) FROM inbound_message),"
             + " (SELECT COALESCE(MAX(id), 0) FROM panel_event)")) {
      rs.next();
      log.skipTo(rs.getLong(1) + 1);
      nextEventId = rs.getLong(2) + 1;
    }
  }

  /**
   * Refills the retransmission memory with the newest messages, so a resend after a restart is still
   * known; whether one is within the window is judged against the resend's own time.
   */
  private void rememberRecent() throws SQLException {
    try (Connection c = db.connection(); PreparedStatement s = c.prepareStatement(
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
          recent.put(rs.getString(2), new Stored(new JournalReceipt(rs.getLong(1), ids, true),
              rs.getObject(3, java.time.OffsetDateTime.class).toInstant()));
        }
      }
    }
  }

  @Override
  public CompletableFuture<JournalReceipt> append(InboundMessage message) {
    CompletableFuture<JournalReceipt> result = new CompletableFuture<>();
    if (closing) {
      result.completeExceptionally(new JournalUnavailableException("journal is shutting down", null));
    } else if (!queue.offer(new Pending(message, result))) {
      refusedFull.increment();
      result.completeExceptionally(new JournalUnavailableException(
          "journal queue full (" + queue.size() + " waiting): storage cannot keep up; the panel will resend", null));
    }
    return result;
  }

  @Override
  public void onCommit(CommitListener listener) {
    indexer.onCommit(listener);
  }

  /** Tests: waits until every message acknowledged so far is in the database. */
  public boolean awaitAllInDatabase(Duration timeout) throws InterruptedException {
    return indexer.awaitCopied(log.durableSeq(), timeout);
  }

  /** Tests: waits until the message {@code messageId} and everything before it are in the database. */
  public boolean awaitInDatabase(long messageId, Duration timeout) throws InterruptedException {
    return indexer.awaitCopied(messageId, timeout);
  }

  private void run() {
    List<Pending> batch = new ArrayList<>(MAX_BATCH);
    while (!closing || !queue.isEmpty()) {
      try {
        Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, MAX_BATCH - 1);
        commit(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } finally {
        batch.clear();
      }
    }
  }

  private void commit(List<Pending> batch) {
    long started = System.nanoTime();
    List<JournalReceipt> receipts = new ArrayList<>(batch.size());
    List<String> newKeys = new ArrayList<>();
    long eventIdsFrom = nextEventId;
    try {
      for (Pending p : batch) {
        receipts.add(store(p.message(), newKeys));
      }
      log.sync();
    } catch (IOException | RuntimeException e) {
      log.discardBatch();
      nextEventId = eventIdsFrom;
      fail(batch, newKeys, e);
      return;
    }
    commitLatency.observeNanos(System.nanoTime() - started);
    commits.increment();
    if (storageFailing) {
      // only the alert this writer raised: the storage watch raises the same one for a damaged database
      storageFailing = false;
      alerts.clear(STORAGE_ALERT);
    }
    for (int i = 0; i < batch.size(); i++) {
      batch.get(i).result().complete(receipts.get(i));
    }
    indexer.wake();
  }

  private JournalReceipt store(InboundMessage m, List<String> newKeys) throws IOException {
    if (m.dedupKey() != null) {
      JournalReceipt earlier = earlier(m);
      if (earlier != null) {
        duplicates.increment();
        return earlier;
      }
    }
    JournalRecord record = new JournalRecord(log.nextSeq(), nextEventId, m);
    int size = JournalRecordCodec.maxSize(m);
    if (encoded.capacity() < size) {
      encoded = ByteBuffer.allocate(size);
    }
    log.append(JournalRecordCodec.encode(record, encoded));
    nextEventId = record.nextEventId();
    JournalReceipt receipt = new JournalReceipt(record.messageId(), record.eventIds(), false);
    if (m.dedupKey() != null) {
      synchronized (recent) {
        recent.put(m.dedupKey(), new Stored(new JournalReceipt(receipt.messageId(), receipt.eventIds(), true),
            m.receivedAt()));
      }
      newKeys.add(m.dedupKey());
    }
    return receipt;
  }

  private JournalReceipt earlier(InboundMessage m) {
    synchronized (recent) {
      Stored s = recent.get(m.dedupKey());
      return s != null && s.receivedAt().isAfter(m.receivedAt().minus(DEDUP_WINDOW)) ? s.receipt() : null;
    }
  }

  private void fail(List<Pending> batch, List<String> newKeys, Exception e) {
    failures.increment();
    synchronized (recent) {
      newKeys.forEach(recent::remove);
    }
    String what = "cannot store panel events in " + log.directory() + ": " + e.getMessage()
        + " (check free disk space and permissions); panels get no ACK and will resend";
    LOG.error("Journal write of {} messages failed: {}", batch.size(), what);
    storageFailing = true;
    alerts.raise(STORAGE_ALERT, what);
    JournalUnavailableException failure = new JournalUnavailableException(what, e);
    batch.forEach(p -> p.result().completeExceptionally(failure));
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
    Pending left;
    while ((left = queue.poll()) != null) {
      left.result().completeExceptionally(new JournalUnavailableException("journal closed", null));
    }
    indexer.close();
    try {
      log.close();
    } catch (IOException e) {
      LOG.debug("Closing the journal log: {}", e.toString());
    }
  }
}
