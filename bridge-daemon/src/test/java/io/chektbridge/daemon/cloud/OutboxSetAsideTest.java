package io.chektbridge.daemon.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import io.chektbridge.daemon.outbox.DeliveryClass;
import io.chektbridge.daemon.outbox.OutboxKind;
import io.chektbridge.daemon.outbox.OutboxRow;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The outbox cap moves rows in chunks of a few hundred per transaction: which rows move must be
 * exactly the cap's rule (class 3 newest first, then class 2, never class 1; back oldest first,
 * class 2 before 3) across chunk boundaries, with the running counts right after each move.
 */
class OutboxSetAsideTest {
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
    for (int first = 0; first < 3 * PER_CLASS; first += 300) {
      queueInterleaved(first, 300);
    }
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void theNewestRoutineRowsGoFirstThenTroublesAndAlarmsNever() throws Exception {
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
