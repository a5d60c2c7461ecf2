package io.chektbridge.daemon.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import io.chektbridge.daemon.outbox.AttemptRecord;
import io.chektbridge.daemon.outbox.DeliveryClass;
import io.chektbridge.daemon.outbox.OutboxKind;
import io.chektbridge.daemon.outbox.OutboxRecord;
import io.chektbridge.daemon.outbox.OutboxRow;
import io.chektbridge.daemon.outbox.OutboxStats;
import io.chektbridge.daemon.outbox.OutboxStore;
import io.chektbridge.daemon.store.Database;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The outbox's status moves: the depth the monitor shows comes from running counts, which must
 * agree with COUNT(*) at every step; and the cap sets aside and returns exactly the rows its rule
 * names.
 */
class OutboxCountsTest {
  private static final int PER_CLASS = 1_500;
  private static final List<DeliveryClass> CYCLE =
      List.of(DeliveryClass.ALARM, DeliveryClass.TROUBLE, DeliveryClass.ROUTINE);

  @TempDir Path dir;
  private final Instant t = SyncHarness.now();
  private Database db;
  private OutboxRows rows;
  private OutboxStore store;

  @BeforeEach
  void open() throws Exception {
    db = Database.open(dir.resolve("data"));
    rows = new OutboxRows(db);
    store = new OutboxStore(db);
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void countsFollowEveryWayARowChangesStatus() throws Exception {
    rows.events(1, 300, t);
    assertAgrees(store, rows);
    rows.event(900, "trouble", t);
    rows.event(901, "trouble", t);
    // refused by the contract check on insert: a dead letter from the start
    rows.insert(
        "arming",
        "arm:site_abc123:1:a1b2c3d4-1",
        "{\"state\":\"armed_away\",\"partition\":\"1\",\"timestamp\":\""
            + t
            + "\",\"user_id\":null,\"source\":\"keypad\"}",
        t);
    assertAgrees(store, rows);

    List<OutboxRecord> page = store.pending(DeliveryClass.ALARM, 0, 120);
    store.record(attempts(page.subList(0, 100), AttemptRecord.Outcome.DELIVERED), t);
    store.record(attempts(page.subList(100, 110), AttemptRecord.Outcome.DEAD), t);
    store.record(attempts(page.subList(110, 120), AttemptRecord.Outcome.RETRY), t);
    // marking an already delivered row again changes nothing
    store.record(attempts(page.subList(0, 5), AttemptRecord.Outcome.DELIVERED), t);
    assertAgrees(store, rows);

    store.markDead(page.get(115).id(), 422, "refused", t);
    assertAgrees(store, rows);
    assertThat(store.setAside(DeliveryClass.TROUBLE, 2)).isEqualTo(2);
    assertAgrees(store, rows);
    assertThat(store.returnSetAside(1)).isEqualTo(1);
    assertAgrees(store, rows);
    assertThat(store.retryDead(List.of(page.get(100).id()))).isEqualTo(1);
    assertAgrees(store, rows);
    assertThat(store.pruneDead(t.plusSeconds(1))).isPositive();
    assertAgrees(store, rows);
    rows.events(1_000, 50, t);
    assertAgrees(store, rows);
  }

  @Test
  void countsStayExactWhileRowsArriveAndAreMarkedAtTheSameTime() throws Exception {
    AtomicBoolean writing = new AtomicBoolean(true);
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      Future<?> writer =
          pool.submit(
              () -> {
                for (int n = 0; n < 40; n++) {
                  rows.insertEvents(1 + n * 50, 50, t);
                }
                writing.set(false);
                return null;
              });
      Future<?> marker =
          pool.submit(
              () -> {
                while (writing.get() || !store.pending(DeliveryClass.ALARM, 0, 1).isEmpty()) {
                  List<OutboxRecord> page = store.pending(DeliveryClass.ALARM, 0, 37);
                  int half = page.size() / 2;
                  store.record(attempts(page.subList(0, half), AttemptRecord.Outcome.DELIVERED), t);
                  store.record(
                      attempts(page.subList(half, page.size()), AttemptRecord.Outcome.DEAD), t);
                }
                return null;
              });
      Future<?> looker =
          pool.submit(
              () -> {
                while (writing.get()) {
                  store.stats();
                }
                return null;
              });
      writer.get();
      marker.get();
      looker.get();
    } finally {
      pool.shutdown();
    }
    OutboxStats s = assertAgrees(store, rows);
    assertThat(s.deadLetter()).isPositive();
    assertThat(rows.count("delivered") + s.deadLetter()).isEqualTo(2_000);
  }

  /**
   * The cap's moves adjust the counts row by row instead of recounting: rows the monitor has
   * counted and rows written since its last look, moved both ways across chunk boundaries, many
   * rounds.
   */
  @Test
  void countsStayExactWhenTheCapMovesCountedAndUncountedRows() throws Exception {
    int next = 0;
    for (int round = 0; round < 12; round++) {
      queueInterleaved(next, 900);
      next += 900;
      if (round % 3 == 0) {
        assertAgrees(store, rows);
      }
      // the newest routine rows (counted or not yet) set aside, then some troubles
      store.setAside(DeliveryClass.ROUTINE, 250 + round * 40);
      store.setAside(DeliveryClass.TROUBLE, 100);
      if (round % 2 == 0) {
        assertAgrees(store, rows);
      }
      store.returnSetAside(round % 2 == 0 ? 700 : 90);
      assertAgrees(store, rows);
    }
    assertThat(rows.count("set_aside")).isPositive();
  }

  private static OutboxStats assertAgrees(OutboxStore store, OutboxRows rows) throws SQLException {
    OutboxStats s = store.stats();
    assertThat(s.pending()).as("pending").isEqualTo(rows.count("pending"));
    assertThat(s.deadLetter()).as("dead").isEqualTo(rows.count("dead"));
    assertThat(s.setAside()).as("set aside").isEqualTo(rows.count("set_aside"));
    return s;
  }

  private static List<AttemptRecord> attempts(
      List<OutboxRecord> rows, AttemptRecord.Outcome outcome) {
    List<AttemptRecord> out = new ArrayList<>();
    for (OutboxRecord r : rows) {
      out.add(
          new AttemptRecord(
              r.id(),
              r.idempotencyKey(),
              r.deliveryClass(),
              outcome,
              outcome == AttemptRecord.Outcome.RETRY
                  ? 503
                  : outcome == AttemptRecord.Outcome.DEAD ? 422 : 200,
              "test",
              outcome == AttemptRecord.Outcome.RETRY ? Instant.now() : null,
              1));
    }
    return out;
  }

  /**
   * The cap moves rows in chunks of a few hundred per transaction: exactly the rows its rule names
   * (class 3 newest first, then class 2, never class 1; back oldest first, class 2 before 3),
   * across chunk boundaries.
   */
  @Test
  void theNewestRoutineRowsGoFirstThenTroublesAndAlarmsNever() throws Exception {
    queueInterleaved();
    assertThat(store.setAside(DeliveryClass.ROUTINE, 1_234)).isEqualTo(1_234);
    assertThat(ids("set_aside")).isEqualTo(newest(DeliveryClass.ROUTINE, 1_234));
    assertThat(store.setAside(DeliveryClass.ALARM, 100)).isZero();

    assertThat(store.setAside(DeliveryClass.ROUTINE, 1_000)).isEqualTo(PER_CLASS - 1_234);
    assertThat(store.setAside(DeliveryClass.TROUBLE, 2_000)).isEqualTo(PER_CLASS);
    assertThat(ids("pending")).isEqualTo(oldest(DeliveryClass.ALARM, PER_CLASS));
    assertThat(store.stats().setAside()).isEqualTo(2 * PER_CLASS);
    assertThat(store.stats().pending()).isEqualTo(PER_CLASS);
  }

  @Test
  void setAsideRowsComeBackTroublesFirstOldestFirst() throws Exception {
    queueInterleaved();
    store.setAside(DeliveryClass.ROUTINE, PER_CLASS);
    store.setAside(DeliveryClass.TROUBLE, PER_CLASS);

    assertThat(store.returnSetAside(1_700)).isEqualTo(1_700);
    List<Long> back = new ArrayList<>(oldest(DeliveryClass.TROUBLE, PER_CLASS));
    back.addAll(oldest(DeliveryClass.ROUTINE, 200));
    List<Long> expectedPending = new ArrayList<>(oldest(DeliveryClass.ALARM, PER_CLASS));
    expectedPending.addAll(back);
    expectedPending.sort(null);
    assertThat(ids("pending")).isEqualTo(expectedPending);
    assertThat(store.stats().pending()).isEqualTo(rows.count("pending"));

    assertThat(store.returnSetAside(5_000)).isEqualTo(PER_CLASS - 200);
    assertThat(rows.count("set_aside")).isZero();
    assertThat(store.stats().setAside()).isZero();
  }

  /** {@link #PER_CLASS} rows of each class, interleaved, 300 to a transaction. */
  private void queueInterleaved() throws SQLException {
    for (int first = 0; first < 3 * PER_CLASS; first += 300) {
      queueInterleaved(first, 300);
    }
  }

  /** Rows {@code first..first+count-1}, their class cycling alarm, trouble, routine. */
  private void queueInterleaved(int first, int count) throws SQLException {
    db.inTransaction(
        c -> {
          for (int n = first; n < first + count; n++) {
            DeliveryClass k = CYCLE.get(n % 3);
            OutboxStore.append(
                c,
                new OutboxRow(
                    OutboxKind.EVENT,
                    "evt:" + OutboxRows.SITE + ":" + OutboxRows.INSTANCE + "-" + n,
                    OutboxRows.eventBody(OutboxRows.SITE, n, eventType(k), t),
                    (long) n,
                    t,
                    k));
          }
          return null;
        });
  }

  private static String eventType(DeliveryClass c) {
    return switch (c) {
      case ALARM -> "alarm";
      case TROUBLE -> "trouble";
      case ROUTINE -> "arming";
    };
  }

  private List<Long> oldest(DeliveryClass c, int count) throws SQLException {
    List<Long> all = ofClass(c);
    return all.subList(0, count);
  }

  private List<Long> newest(DeliveryClass c, int count) throws SQLException {
    List<Long> all = ofClass(c);
    return all.subList(all.size() - count, all.size());
  }

  private List<Long> ofClass(DeliveryClass c) throws SQLException {
    return query("SELECT id FROM outbox WHERE priority = ? ORDER BY id", c.rank());
  }

  private List<Long> ids(String status) throws SQLException {
    return query("SELECT id FROM outbox WHERE status = ? ORDER BY id", status);
  }

  private List<Long> query(String sql, Object arg) throws SQLException {
    List<Long> out = new ArrayList<>();
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setObject(1, arg);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getLong(1));
        }
      }
    }
    return out;
  }
}
