package io.chektbridge.daemon.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chektbridge.daemon.ops.AlertKind;
import io.chektbridge.daemon.ops.Alerts;
import io.chektbridge.daemon.ops.Metrics;
import io.chektbridge.daemon.store.Database;
import io.chektbridge.sia.AlarmEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal against real files: the segment log in a temp folder and H2 behind it. What a caller
 * gets back is durable; the database copy follows and is checked with {@link
 * SegmentEventJournal#awaitInDatabase}.
 */
class SegmentEventJournalTest {
  @TempDir Path dir;

  private Database db;
  private SegmentEventJournal journal;
  private final HeldSync sync = new HeldSync();
  private final Alerts alerts = new Alerts(Clock.systemUTC());

  @BeforeEach
  void open() throws Exception {
    db = Database.open(dir);
    journal = open(1000);
  }

  private SegmentEventJournal open(int queue) throws Exception {
    return SegmentEventJournal.open(db, new Metrics(), alerts, queue, 64 * 1024, sync);
  }

  /**
   * A sync that can be held (nothing may be acknowledged meanwhile) or made to fail, like a dying
   * disk.
   */
  static final class HeldSync implements SegmentLog.Sync {
    volatile java.util.concurrent.CountDownLatch hold = new java.util.concurrent.CountDownLatch(0);
    volatile boolean failing;
    final java.util.concurrent.atomic.AtomicInteger entered =
        new java.util.concurrent.atomic.AtomicInteger();

    @Override
    public void force(java.nio.channels.FileChannel channel) throws java.io.IOException {
      entered.incrementAndGet();
      try {
        hold.await();
      } catch (InterruptedException e) {
        throw new java.io.InterruptedIOException();
      }
      if (failing) {
        throw new java.io.IOException("I/O error (simulated)");
      }
      channel.force(false);
    }
  }

  @AfterEach
  void close() {
    journal.close();
    db.close();
  }

  static AlarmEvent burglary(int zone) {
    return new AlarmEvent(
        "1234",
        AlarmEvent.PayloadFormat.SIA_DC03,
        AlarmEvent.Qualifier.EVENT,
        "130",
        "BA",
        1,
        zone,
        null,
        "Back Door",
        Instant.parse("2026-01-15T10:29:00Z"),
        List.of("https://v/1.jpg"),
        "Burglary",
        "alarm");
  }

  /** The same frame again from the panel, {@code after} the first was received. */
  private static InboundMessage sentAgain(InboundMessage m, java.time.Duration after) {
    return new InboundMessage(
        m.receivedAt().plus(after),
        m.link(),
        m.peer(),
        m.account(),
        m.raw(),
        m.dedupKey(),
        null,
        m.events());
  }

  static InboundMessage message(String dedupKey, AlarmEvent... events) {
    return new InboundMessage(
        Instant.parse("2026-01-15T10:30:00Z"),
        "dc09-tcp",
        "127.0.0.1:5000",
        "1234",
        ("frame " + dedupKey).getBytes(StandardCharsets.US_ASCII),
        dedupKey,
        null,
        List.of(events));
  }

  @Test
  void theSameSequenceAndContentLongAfterTheWindowIsANewMessageNotARetransmission()
      throws Exception {
    InboundMessage first = message("1234|0007|c", burglary(7));
    InboundMessage resent = sentAgain(first, java.time.Duration.ofSeconds(30));
    InboundMessage muchLater = sentAgain(first, java.time.Duration.ofHours(3));

    JournalReceipt original = journal.append(first).get(5, TimeUnit.SECONDS);
    assertThat(journal.append(resent).get(5, TimeUnit.SECONDS).eventIds())
        .isEqualTo(original.eventIds());
    JournalReceipt later = journal.append(muchLater).get(5, TimeUnit.SECONDS);

    assertThat(later.duplicate())
        .as("a sequence number reused hours later (it wraps at 9999) is a new event")
        .isFalse();
    assertThat(later.eventIds()).doesNotContainAnyElementsOf(original.eventIds());
  }

  @Test
  void appendCompletesAfterCommitWithIdsAndEveryFieldStored() throws Exception {
    AtomicLong notified = new AtomicLong(-1);
    journal.onCommit(notified::set);
    JournalReceipt r =
        journal.append(message("1234|0001|a", burglary(5), burglary(6))).get(5, TimeUnit.SECONDS);

    assertThat(r.duplicate()).isFalse();
    assertThat(r.eventIds()).hasSize(2);
    assertThat(r.eventIds().get(1)).isEqualTo(r.eventIds().get(0) + 1);
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(5))
        .until(() -> notified.get() == r.eventIds().get(1));
    try (Connection c = db.connection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT e.*, m.raw, m.link, m.peer FROM panel_event e JOIN inbound_message m"
                    + " ON m.id = e.message_id WHERE e.id = "
                    + r.eventIds().get(0))) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString("account")).isEqualTo("1234");
      assertThat(rs.getString("format")).isEqualTo("SIA_DC03");
      assertThat(rs.getString("qualifier")).isEqualTo("E");
      assertThat(rs.getString("cid_code")).isEqualTo("130");
      assertThat(rs.getString("sia_code")).isEqualTo("BA");
      assertThat(rs.getInt("partition_no")).isEqualTo(1);
      assertThat(rs.getInt("zone_no")).isEqualTo(5);
      assertThat(rs.getObject("user_no")).isNull();
      assertThat(rs.getString("text")).isEqualTo("Back Door");
      assertThat(rs.getString("video_urls")).isEqualTo("https://v/1.jpg");
      assertThat(rs.getString("category")).isEqualTo("alarm");
      assertThat(rs.getString("source")).isEqualTo("dc09-tcp");
      assertThat(rs.getString("peer")).isEqualTo("127.0.0.1:5000");
      assertThat(new String(rs.getBytes("raw"), StandardCharsets.US_ASCII))
          .isEqualTo("frame 1234|0001|a");
    }
  }

  @Test
  void retransmissionIsStoredOnceAndAnsweredWithTheOriginal() throws Exception {
    JournalReceipt first =
        journal.append(message("1234|0007|x", burglary(5))).get(5, TimeUnit.SECONDS);
    JournalReceipt again =
        journal.append(message("1234|0007|x", burglary(5))).get(5, TimeUnit.SECONDS);
    assertThat(again.duplicate()).isTrue();
    assertThat(again.eventIds()).isEqualTo(first.eventIds());
    assertThat(journal.awaitInDatabase(first.messageId(), java.time.Duration.ofSeconds(5)))
        .isTrue();
    assertThat(count("panel_event")).isEqualTo(1);

    // after a restart the original is remembered from the table
    journal.close();
    db.close();
    db = Database.open(dir);
    journal = open(1000);
    JournalReceipt afterRestart =
        journal.append(message("1234|0007|x", burglary(5))).get(5, TimeUnit.SECONDS);
    assertThat(afterRestart.duplicate()).isTrue();
    assertThat(afterRestart.eventIds()).isEqualTo(first.eventIds());
    JournalReceipt next =
        journal.append(message("1234|0008|x", burglary(6))).get(5, TimeUnit.SECONDS);
    assertThat(journal.awaitInDatabase(next.messageId(), java.time.Duration.ofSeconds(5))).isTrue();
    assertThat(count("panel_event")).isEqualTo(2);
  }

  /**
   * The indexer is woken only by a sync that reaches what it waits for; a lone frame that finds it
   * idle must still be copied at once, not at its idle poll (200 ms), which a lost wake-up would
   * give every round here: the pause lets each frame find the indexer idle.
   */
  @Test
  void aLoneFrameFindingTheIndexerIdleIsCopiedAtOnce() throws Exception {
    long[] nanos = new long[15];
    for (int i = 0; i < nanos.length; i++) {
      java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(60));
      JournalReceipt r = journal.append(message("lone" + i, burglary(i))).get(5, TimeUnit.SECONDS);
      long started = System.nanoTime();
      assertThat(journal.awaitInDatabase(r.messageId(), java.time.Duration.ofSeconds(5))).isTrue();
      nanos[i] = System.nanoTime() - started;
    }
    java.util.Arrays.sort(nanos);
    assertThat(TimeUnit.NANOSECONDS.toMillis(nanos[nanos.length / 2]))
        .as("median wait for the copy, ms")
        .isLessThan(100);
  }

  @Test
  void concurrentAppendsShareGroupCommitsAndAllLand() throws Exception {
    List<CompletableFuture<JournalReceipt>> futures = new ArrayList<>();
    for (int i = 0; i < 800; i++) {
      futures.add(journal.append(message("k" + i, burglary(i % 100))));
    }
    long last = 0;
    for (CompletableFuture<JournalReceipt> f : futures) {
      JournalReceipt r = f.get(10, TimeUnit.SECONDS);
      assertThat(r.duplicate()).isFalse();
      last = Math.max(last, r.messageId());
    }
    assertThat(journal.awaitInDatabase(last, java.time.Duration.ofSeconds(10))).isTrue();
    assertThat(count("panel_event")).isEqualTo(800);
    assertThat(count("inbound_message")).isEqualTo(800);
  }

  @Test
  void noAcknowledgementLeavesBeforeTheSyncReturns() throws Exception {
    sync.hold = new java.util.concurrent.CountDownLatch(1);
    CompletableFuture<JournalReceipt> pending = journal.append(message("1234|0011|h", burglary(5)));
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(5))
        .until(() -> sync.entered.get() > 0);
    assertThat(pending).as("held in the sync").isNotDone();
    sync.hold.countDown();
    assertThat(pending.get(5, TimeUnit.SECONDS).duplicate()).isFalse();
  }

  @Test
  void aFailedSyncMeansNoAcknowledgementAndAnAlertThenRecovery() throws Exception {
    sync.failing = true;
    CompletableFuture<JournalReceipt> failed = journal.append(message("1234|0009|y", burglary(5)));
    assertThatThrownBy(() -> failed.get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(JournalUnavailableException.class);
    assertThat(alerts.isActive(AlertKind.STORAGE_FAILED)).isTrue();

    sync.failing = false;
    JournalReceipt retried =
        journal.append(message("1234|0009|y", burglary(5))).get(5, TimeUnit.SECONDS);
    assertThat(retried.duplicate()).as("the failed attempt left no dedup entry behind").isFalse();
    assertThat(alerts.isActive(AlertKind.STORAGE_FAILED)).isFalse();
    assertThat(journal.awaitInDatabase(retried.messageId(), java.time.Duration.ofSeconds(5)))
        .isTrue();
    assertThat(count("panel_event"))
        .as("the unsynced attempt was overwritten, not copied")
        .isEqualTo(1);
  }

  @Test
  void aDatabaseFailureKeepsAcknowledgingFromTheJournalAndCatchesUpLater() throws Exception {
    db.execute("ALTER TABLE panel_event RENAME TO panel_event_gone");
    JournalReceipt acked =
        journal.append(message("1234|0010|z", burglary(5))).get(5, TimeUnit.SECONDS);
    assertThat(acked.duplicate()).isFalse();
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(5))
        .until(() -> alerts.isActive(AlertKind.DATABASE_FAILED));

    db.execute("ALTER TABLE panel_event_gone RENAME TO panel_event");
    assertThat(journal.awaitInDatabase(acked.messageId(), java.time.Duration.ofSeconds(10)))
        .isTrue();
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(5))
        .until(() -> !alerts.isActive(AlertKind.DATABASE_FAILED));
    assertThat(count("panel_event")).isEqualTo(1);
  }

  @Test
  void whatTheDatabaseLostIsReplayedWithTheSameIds() throws Exception {
    List<JournalReceipt> receipts = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      receipts.add(
          journal.append(message("1234|r" + i, burglary(i % 90 + 1))).get(5, TimeUnit.SECONDS));
    }
    long last = receipts.get(receipts.size() - 1).messageId();
    assertThat(journal.awaitInDatabase(last, java.time.Duration.ofSeconds(10))).isTrue();
    journal.close();
    // what H2's crash recovery does when it misses its newest chunks: rows and position go back
    // together
    long keep = receipts.get(99).messageId();
    db.execute("DELETE FROM panel_event WHERE message_id > " + keep);
    db.execute("DELETE FROM inbound_message WHERE id > " + keep);
    db.execute("UPDATE journal_position SET applied_seq = " + keep);

    journal = open(1000);
    assertThat(count("inbound_message")).isEqualTo(300);
    for (JournalReceipt r : receipts) {
      try (Connection c = db.connection();
          Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery("SELECT id FROM panel_event WHERE message_id = " + r.messageId())) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getLong(1))
            .as("event id of message %d after the replay", r.messageId())
            .isEqualTo(r.eventIds().get(0));
      }
    }
    JournalReceipt after =
        journal.append(message("1234|new", burglary(3))).get(5, TimeUnit.SECONDS);
    assertThat(after.messageId()).isEqualTo(last + 1);
    assertThat(after.eventIds().get(0))
        .isEqualTo(receipts.get(receipts.size() - 1).eventIds().get(0) + 1);
  }

  /**
   * Segments go once H2's recovery is sure to find their copy, which takes H2 writing its header
   * past that copy: with the daemon's compaction running, as in the field, the journal shrinks back
   * to the segment being written.
   */
  @Test
  void copiedSegmentsAreDeletedOnceTheDatabaseIsSureToKeepThem() throws Exception {
    long last = 0;
    for (int i = 0; i < 3000; i++) {
      last =
          journal
              .append(message("1234|s" + i, burglary(i % 90 + 1)))
              .get(5, TimeUnit.SECONDS)
              .messageId();
    }
    Path segments = dir.resolve("journal");
    assertThat(SegmentLog.segments(segments))
        .as("3,000 messages fill several 64 KiB segments")
        .hasSizeGreaterThan(4);
    assertThat(journal.awaitInDatabase(last, java.time.Duration.ofSeconds(10))).isTrue();
    try (io.chektbridge.daemon.store.StoreMaintenance maintenance =
        new io.chektbridge.daemon.store.StoreMaintenance(db, damage -> {})
            .start(java.time.Duration.ofMillis(500))) {
      org.awaitility.Awaitility.await()
          .atMost(java.time.Duration.ofSeconds(90))
          .until(() -> SegmentLog.segments(segments).size() <= 2);
    }
    assertThat(count("inbound_message")).isEqualTo(3000);
  }

  @Test
  void fullQueueRefusesAtOnce() throws Exception {
    journal.close();
    journal = open(1);
    sync.hold = new java.util.concurrent.CountDownLatch(1);
    CompletableFuture<JournalReceipt> syncing = journal.append(message("a"));
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(5))
        .until(() -> sync.entered.get() > 0);
    CompletableFuture<JournalReceipt> queued = journal.append(message("b"));
    CompletableFuture<JournalReceipt> refused = journal.append(message("c"));
    assertThat(refused).isCompletedExceptionally();
    assertThat(queued).isNotDone();
    sync.hold.countDown();
    assertThat(syncing.get(5, TimeUnit.SECONDS).duplicate()).isFalse();
    assertThat(queued.get(5, TimeUnit.SECONDS).duplicate()).isFalse();
  }

  private long count(String table) throws Exception {
    try (Connection c = db.connection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
