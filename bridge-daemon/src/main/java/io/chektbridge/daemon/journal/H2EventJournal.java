package io.chektbridge.daemon.journal;

import io.chektbridge.daemon.ops.Alerts;
import io.chektbridge.daemon.ops.Metrics;
import io.chektbridge.daemon.store.Database;
import io.chektbridge.sia.AlarmEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal on H2 with group commit: one writer thread drains whatever is queued, writes it in one
 * transaction, commits, fsyncs the data file once, and only then completes every caller's future.
 * Many connections thus share one disk sync, which is where throughput under load comes from
 * (one synchronous write costs ~0.4 ms here, DESIGN.md §6).
 *
 * <p>The queue is bounded: when it is full a message is refused at once (no ACK) rather than held
 * in memory the panel believes is safe.
 */
public final class H2EventJournal implements EventJournal {
  private static final Logger LOG = LoggerFactory.getLogger(H2EventJournal.class);
  private static final int MAX_BATCH = 1024;
  private static final int MAX_RAW = 8192;
  private static final int DEDUP_MEMORY = 20_000;
  private static final Duration DEDUP_WINDOW = Duration.ofHours(1);
  static final String STORAGE_ALERT = "STORAGE_FAILED";

  private final Database db;
  private final Alerts alerts;
  private final BlockingQueue<Pending> queue;
  private final List<LongConsumer> listeners = new CopyOnWriteArrayList<>();
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
  private volatile boolean closing;
  private Connection connection;
  private PreparedStatement insertMessage;
  private PreparedStatement insertEvent;

  private record Pending(InboundMessage message, CompletableFuture<JournalReceipt> result) {
  }

  /** A recently stored original, and when it came: a repeat is a retransmission only within the window. */
  private record Stored(JournalReceipt receipt, java.time.Instant receivedAt) {
  }

  public H2EventJournal(Database db, Metrics metrics, Alerts alerts, int queueCapacity) {
    this.db = db;
    this.alerts = alerts;
    this.queue = new ArrayBlockingQueue<>(queueCapacity);
    this.commitLatency = metrics.histogram("chekt_bridge_journal_commit_seconds",
        "Time from the start of a group commit to its fsync returning");
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

  /** Opens the writer's connection and starts the writer thread. */
  public H2EventJournal start() throws SQLException {
    connect();
    writer.start();
    LOG.info("Event journal open: group commit with fsync, queue of {} messages", queue.remainingCapacity());
    return this;
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
  public void onCommit(LongConsumer listener) {
    listeners.add(listener);
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

  private void connect() throws SQLException {
    connection = db.connection();
    connection.setAutoCommit(false);
    insertMessage = connection.prepareStatement(
        "INSERT INTO inbound_message (received_at, link, peer, account, raw, dedup_key, error) VALUES (?,?,?,?,?,?,?)",
        new String[] {"ID"});
    insertEvent = connection.prepareStatement(
        "INSERT INTO panel_event (message_id, received_at, source, account, format, qualifier, cid_code, sia_code,"
            + " partition_no, zone_no, user_no, text, panel_time, video_urls, description, category)"
            + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        new String[] {"ID"});
  }

  /** Drops a connection that failed, so the next batch starts on a fresh one (or a reopened store). */
  private void disconnect() {
    try {
      if (connection != null) {
        connection.close();
      }
    } catch (SQLException e) {
      LOG.debug("Dropping the failed journal connection: {}", e.toString());
    }
    connection = null;
  }

  private void commit(List<Pending> batch) {
    long started = System.nanoTime();
    List<JournalReceipt> receipts = new ArrayList<>(batch.size());
    List<String> newKeys = new ArrayList<>();
    long maxEventId = -1;
    try {
      if (connection == null) {
        connect();
      }
      for (Pending p : batch) {
        JournalReceipt r = store(p.message(), newKeys);
        receipts.add(r);
        if (!r.duplicate() && !r.eventIds().isEmpty()) {
          maxEventId = Math.max(maxEventId, r.eventIds().get(r.eventIds().size() - 1));
        }
      }
      db.commitDurably(connection);
    } catch (SQLException | RuntimeException e) {
      fail(batch, newKeys, e);
      return;
    }
    commitLatency.observeNanos(System.nanoTime() - started);
    commits.increment();
    alerts.clear(STORAGE_ALERT);
    for (int i = 0; i < batch.size(); i++) {
      batch.get(i).result().complete(receipts.get(i));
    }
    if (maxEventId >= 0) {
      notifyListeners(maxEventId);
    }
  }

  private void fail(List<Pending> batch, List<String> newKeys, Exception e) {
    failures.increment();
    synchronized (recent) {
      newKeys.forEach(recent::remove);
    }
    try {
      if (connection != null) {
        connection.rollback();
      }
    } catch (SQLException rollback) {
      e.addSuppressed(rollback);
    }
    disconnect();
    String what = "cannot store panel events in " + db.directory() + ": " + e.getMessage()
        + " (check free disk space and permissions); panels get no ACK and will resend";
    LOG.error("Journal commit of {} messages failed: {}", batch.size(), what);
    alerts.raise(STORAGE_ALERT, what);
    JournalUnavailableException failure = new JournalUnavailableException(what, e);
    batch.forEach(p -> p.result().completeExceptionally(failure));
  }

  private void notifyListeners(long maxEventId) {
    for (LongConsumer l : listeners) {
      try {
        l.accept(maxEventId);
      } catch (RuntimeException e) {
        LOG.error("Journal listener failed: {}", e.toString(), e);
      }
    }
  }

  private JournalReceipt store(InboundMessage m, List<String> newKeys) throws SQLException {
    if (m.dedupKey() != null) {
      JournalReceipt earlier = earlier(m);
      if (earlier != null) {
        duplicates.increment();
        return earlier;
      }
    }
    long messageId = insertMessage(m);
    List<Long> eventIds = new ArrayList<>(m.events().size());
    for (AlarmEvent e : m.events()) {
      eventIds.add(insertEvent(messageId, m, e));
    }
    JournalReceipt receipt = new JournalReceipt(messageId, eventIds, false);
    if (m.dedupKey() != null) {
      synchronized (recent) {
        recent.put(m.dedupKey(), new Stored(new JournalReceipt(messageId, eventIds, true), m.receivedAt()));
      }
      newKeys.add(m.dedupKey());
    }
    return receipt;
  }

  /** The stored original of a retransmission: from memory, else from the table (after a restart). */
  private JournalReceipt earlier(InboundMessage m) throws SQLException {
    synchronized (recent) {
      Stored s = recent.get(m.dedupKey());
      if (s != null && s.receivedAt().isAfter(m.receivedAt().minus(DEDUP_WINDOW))) {
        return s.receipt();
      }
    }
    try (PreparedStatement s = connection.prepareStatement(
        "SELECT id FROM inbound_message WHERE dedup_key = ? AND received_at > ? ORDER BY id LIMIT 1")) {
      s.setString(1, m.dedupKey());
      s.setObject(2, m.receivedAt().minus(DEDUP_WINDOW).atOffset(java.time.ZoneOffset.UTC));
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        long messageId = rs.getLong(1);
        return new JournalReceipt(messageId, eventIdsOf(messageId), true);
      }
    }
  }

  private List<Long> eventIdsOf(long messageId) throws SQLException {
    List<Long> ids = new ArrayList<>();
    try (PreparedStatement s = connection.prepareStatement("SELECT id FROM panel_event WHERE message_id = ? ORDER BY id")) {
      s.setLong(1, messageId);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getLong(1));
        }
      }
    }
    return ids;
  }

  private long insertMessage(InboundMessage m) throws SQLException {
    PreparedStatement s = insertMessage;
    s.setObject(1, m.receivedAt().atOffset(java.time.ZoneOffset.UTC));
    s.setString(2, m.link());
    s.setString(3, m.peer());
    s.setString(4, m.account());
    s.setBytes(5, m.raw().length > MAX_RAW ? Arrays.copyOf(m.raw(), MAX_RAW) : m.raw());
    s.setString(6, m.dedupKey());
    s.setString(7, m.error());
    s.executeUpdate();
    return generatedId(s);
  }

  private long insertEvent(long messageId, InboundMessage m, AlarmEvent e) throws SQLException {
    PreparedStatement s = insertEvent;
    s.setLong(1, messageId);
    s.setObject(2, m.receivedAt().atOffset(java.time.ZoneOffset.UTC));
    s.setString(3, m.link());
    s.setString(4, e.account());
    s.setString(5, e.format().name());
    s.setString(6, String.valueOf(e.qualifier().letter()));
    s.setString(7, e.cidCode());
    s.setString(8, e.siaCode());
    setInt(s, 9, e.partition());
    setInt(s, 10, e.zone());
    setInt(s, 11, e.user());
    s.setString(12, e.text() == null ? null : truncate(e.text(), 1024));
    s.setObject(13, e.panelTime() == null ? null : e.panelTime().atOffset(java.time.ZoneOffset.UTC));
    s.setString(14, e.videoUrls().isEmpty() ? null : truncate(String.join(",", e.videoUrls()), 4096));
    s.setString(15, truncate(e.description(), 200));
    s.setString(16, truncate(e.category(), 32));
    s.executeUpdate();
    return generatedId(s);
  }

  private static long generatedId(PreparedStatement s) throws SQLException {
    try (ResultSet keys = s.getGeneratedKeys()) {
      keys.next();
      return keys.getLong(1);
    }
  }

  private static void setInt(PreparedStatement s, int index, Integer value) throws SQLException {
    if (value == null) {
      s.setNull(index, Types.INTEGER);
    } else {
      s.setInt(index, value);
    }
  }

  private static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }

  /** Stops taking messages, commits what is queued, and releases the connection. */
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
    disconnect();
  }
}
