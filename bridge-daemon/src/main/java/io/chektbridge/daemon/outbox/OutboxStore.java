package io.chektbridge.daemon.outbox;

import io.chektbridge.daemon.store.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cloud sync's access to the {@code outbox} table. Rows are only ever moved between states, never
 * deleted while pending or dead: the only delete is of delivered rows past their retention.
 *
 * <p>A row comes from the state machine, which makes it again from the journal after a crash; a
 * move between states has no such second source, so every move commits through {@link
 * Database#inRecoverableTransaction}: a delivery marked before a kill -9 stays marked.
 */
public final class OutboxStore {
  private static final Logger LOG = LoggerFactory.getLogger(OutboxStore.class);
  public static final String PENDING = "pending";
  public static final String DELIVERED = "delivered";
  public static final String DEAD = "dead";

  /**
   * Pending rows moved out of the queue while the outbox is over its cap; they come back as room
   * returns.
   */
  public static final String SET_ASIDE = "set_aside";

  private static final String COLUMNS =
      "id, kind, idempotency_key, body, created_at, status, attempts, last_status, last_error, delivered_at, priority";

  private static final int PRUNE_BATCH = 2_000;

  /** Rows moved between states per transaction (see Database#inTransaction on its size). */
  private static final int MOVE_CHUNK = 500;

  /**
   * {@code outbox.priority} of arming records: class 1, in a lane of their own (see
   * V31__outbox_priority.sql).
   */
  static final int ARMING_RANK = 0;

  private final Database db;
  private final OutboxCounts counts;

  public OutboxStore(Database db) {
    this.db = db;
    this.counts = OutboxCounts.of(db);
  }

  /** The pending rows of one class after id {@code afterId}, oldest first. */
  public List<OutboxRecord> pending(DeliveryClass c, long afterId, int limit) throws SQLException {
    return pendingOfRank(c.rank(), afterId, limit);
  }

  /** The oldest pending arming record: arming records go one at a time, in panel order. */
  public OutboxRecord oldestPendingArming() throws SQLException {
    List<OutboxRecord> one = pendingOfRank(ARMING_RANK, 0, 1);
    return one.isEmpty() ? null : one.get(0);
  }

  /** One run of {@code outbox_queue}: the pending rows of {@code outbox.priority = rank}. */
  private List<OutboxRecord> pendingOfRank(int rank, long afterId, int limit) throws SQLException {
    try (Connection conn = db.connection();
        PreparedStatement ps =
            conn.prepareStatement(
                "SELECT "
                    + COLUMNS
                    + " FROM outbox WHERE status = 'pending' AND priority = "
                    + rank
                    + " AND id > ? ORDER BY status, priority, id LIMIT ?")) {
      ps.setLong(1, afterId);
      ps.setInt(2, limit);
      return read(ps);
    }
  }

  /**
   * Gives events without a class (priority 0, the column's default before classes existed) the
   * highest one, so nothing is demoted; run before the first send. Migration V31 classified the
   * rows it found, but {@code storage recover} copies rows of a damaged database of any older
   * schema into a new one after its migrations ran. Returns how many changed.
   */
  public int classifyUnclassified() throws SQLException {
    return update(
        "UPDATE outbox SET priority = 1 WHERE priority = "
            + ARMING_RANK
            + " AND kind <> 'arming' "
            + "AND status <> 'delivered'");
  }

  /** Rows of one status (or all when null), oldest first, for {@code outbox list|export}. */
  public List<OutboxRecord> list(String status, long afterId, int limit) throws SQLException {
    String where =
        status == null ? "id > ?" : "id > ? AND status = '" + checkedStatus(status) + "'";
    try (Connection c = db.connection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT " + COLUMNS + " FROM outbox WHERE " + where + " ORDER BY id LIMIT ?")) {
      ps.setLong(1, afterId);
      ps.setInt(2, limit);
      return read(ps);
    }
  }

  /** SQLState of a unique-index violation: here, an Idempotency-Key already in the outbox. */
  private static final String DUPLICATE_KEY = "23505";

  /** The statement {@link #append(PreparedStatement, OutboxRow)} runs. */
  public static final String INSERT =
      "INSERT INTO outbox (kind, idempotency_key, body, panel_event_id, created_at, priority, status, last_error, "
          + "dead_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";

  /**
   * Queues a row unless one with its idempotency key is already queued, and says which. A panel
   * event replayed (after a crash that kept its outbox row but not the cursor, or a commit whose
   * sync failed) must neither be queued twice nor stop the state machine on the unique key. A row
   * that breaks the CHeKT API contract is stored straight away as a dead letter with the reason: it
   * is never sent, and never lost either.
   */
  public static boolean append(Connection c, OutboxRow row) throws SQLException {
    try (PreparedStatement insert = c.prepareStatement(INSERT)) {
      return append(insert, row);
    }
  }

  /**
   * {@link #append(Connection, OutboxRow)} with {@link #INSERT} prepared once by the caller, for a
   * transaction that queues many rows.
   */
  public static boolean append(PreparedStatement p, OutboxRow row) throws SQLException {
    String refused = row.refusal();
    try {
      p.setString(1, row.kind().wireName());
      p.setString(2, row.idempotencyKey());
      p.setString(3, row.body());
      p.setObject(4, row.panelEventId(), Types.BIGINT);
      p.setObject(5, utc(row.createdAt()));
      p.setInt(6, row.kind() == OutboxKind.ARMING ? ARMING_RANK : row.deliveryClass().rank());
      p.setString(7, refused == null ? PENDING : DEAD);
      p.setString(8, truncate(refused));
      p.setObject(9, refused == null ? null : utc(row.createdAt()));
      p.executeUpdate();
    } catch (SQLException e) {
      if (DUPLICATE_KEY.equals(e.getSQLState())) {
        // the key is already queued (a batch applied again): H2 undid this statement alone
        return false;
      }
      throw e;
    }
    if (refused != null) {
      LOG.error(
          "Outbox row {} stored as a dead letter, never sent: {}", row.idempotencyKey(), refused);
    }
    return true;
  }

  /**
   * Records attempts in one durable transaction: each row's mark (delivered, dead, or a failure to
   * retry) and its line in the cloud audit. Only rows still pending change: a row put back by hand
   * meanwhile stays as it is. After a power cut a delivery still marked pending is sent again and
   * the cloud replays it (same key).
   */
  public void record(Collection<AttemptRecord> attempts, Instant at) throws SQLException {
    if (attempts.isEmpty()) {
      return;
    }
    synchronized (counts) {
      List<AttemptRecord> moved = db.inRecoverableTransaction(c -> writeAttempts(c, attempts, at));
      moved.forEach(
          a ->
              counts.leftPending(
                  a.outboxId(), a.outcome() == AttemptRecord.Outcome.DEAD ? DEAD : DELIVERED));
    }
  }

  /**
   * The marks and audit lines of {@link #record}; returns the attempts that moved their row out of
   * pending.
   */
  private static List<AttemptRecord> writeAttempts(
      Connection c, Collection<AttemptRecord> attempts, Instant at) throws SQLException {
    List<AttemptRecord> leaving = new ArrayList<>();
    try (PreparedStatement delivered =
            c.prepareStatement(
                "UPDATE outbox SET status = 'delivered', delivered_at = ?, "
                    + "attempts = attempts + 1, last_status = ?, last_error = NULL WHERE id = ? AND status = 'pending'");
        PreparedStatement dead =
            c.prepareStatement(
                "UPDATE outbox SET status = 'dead', attempts = attempts + 1, "
                    + "last_status = ?, last_error = ?, dead_at = ? WHERE id = ? AND status = 'pending'");
        PreparedStatement retry =
            c.prepareStatement(
                "UPDATE outbox SET attempts = attempts + 1, last_status = ?, "
                    + "last_error = ?, next_attempt_at = ? WHERE id = ? AND status = 'pending'");
        PreparedStatement audit =
            c.prepareStatement(
                "INSERT INTO cloud_attempt (at, outbox_id, idempotency_key, "
                    + "priority, http_status, outcome, latency_ms, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      List<AttemptRecord> toDelivered = new ArrayList<>();
      List<AttemptRecord> toDead = new ArrayList<>();
      for (AttemptRecord a : attempts) {
        switch (a.outcome()) {
          case DELIVERED -> {
            delivered.setObject(1, utc(at));
            delivered.setObject(2, a.httpStatus(), Types.INTEGER);
            delivered.setLong(3, a.outboxId());
            delivered.addBatch();
            toDelivered.add(a);
          }
          case DEAD -> {
            dead.setObject(1, a.httpStatus(), Types.INTEGER);
            dead.setString(2, truncate(a.detail()));
            dead.setObject(3, utc(at));
            dead.setLong(4, a.outboxId());
            dead.addBatch();
            toDead.add(a);
          }
          case RETRY -> {
            retry.setObject(1, a.httpStatus(), Types.INTEGER);
            retry.setString(2, truncate(a.detail()));
            retry.setObject(3, utc(a.nextAttempt()));
            retry.setLong(4, a.outboxId());
            retry.addBatch();
          }
        }
        audit.setObject(1, utc(at));
        audit.setLong(2, a.outboxId());
        audit.setString(3, a.idempotencyKey());
        audit.setInt(4, a.deliveryClass().rank());
        audit.setObject(5, a.httpStatus(), Types.INTEGER);
        audit.setString(6, a.outcome().wireName());
        audit.setLong(7, a.latencyMs());
        audit.setString(8, truncate(a.detail()));
        audit.addBatch();
      }
      addUpdated(leaving, toDelivered, delivered.executeBatch());
      addUpdated(leaving, toDead, dead.executeBatch());
      retry.executeBatch();
      audit.executeBatch();
    }
    return leaving;
  }

  /** The attempts whose UPDATE changed their row (one still pending when it ran). */
  private static void addUpdated(
      List<AttemptRecord> into, List<AttemptRecord> batch, int[] updated) {
    for (int i = 0; i < updated.length; i++) {
      if (updated[i] == 1) {
        into.add(batch.get(i));
      }
    }
  }

  /**
   * Moves a row to the dead-letter state: set aside or refused for good. It stays for export and
   * retry.
   */
  public void markDead(long id, Integer httpStatus, String error, Instant at) throws SQLException {
    synchronized (counts) {
      if (update(
              "UPDATE outbox SET status = 'dead', attempts = attempts + 1, last_status = ?, last_error = ?, "
                  + "dead_at = ? WHERE id = ? AND status = 'pending'",
              httpStatus,
              truncate(error),
              utc(at),
              id)
          == 1) {
        counts.leftPending(id, DEAD);
      }
    }
  }

  /**
   * Sets aside up to {@code count} pending rows of class {@code c}, the newest first (what has
   * waited longest is closest to being sent); returns how many moved. Class 1 is never set aside.
   */
  public int setAside(DeliveryClass c, int count) throws SQLException {
    if (c == DeliveryClass.ALARM || count <= 0) {
      return 0;
    }
    return moveInChunks(
        "SELECT id FROM outbox WHERE status = 'pending' AND priority = "
            + c.rank()
            + " ORDER BY status DESC, priority DESC, id DESC FETCH FIRST ? ROWS ONLY",
        "UPDATE outbox SET status = 'set_aside' WHERE id = ? AND status = 'pending'",
        PENDING,
        SET_ASIDE,
        count);
  }

  /**
   * Puts up to {@code count} set-aside rows back in the queue, highest class and oldest first;
   * returns how many.
   */
  public int returnSetAside(int count) throws SQLException {
    if (count <= 0) {
      return 0;
    }
    return moveInChunks(
        "SELECT id FROM outbox WHERE status = 'set_aside' ORDER BY status, priority, id "
            + "FETCH FIRST ? ROWS ONLY",
        "UPDATE outbox SET status = 'pending' WHERE id = ? AND status = 'set_aside'",
        SET_ASIDE,
        PENDING,
        count);
  }

  /**
   * Moves up to {@code count} rows, {@value #MOVE_CHUNK} to a transaction: the ids first, read in
   * the order of the {@code outbox_queue} index, then each row by its id. A single {@code UPDATE
   * ... WHERE id IN (SELECT ...)} is what this replaces: H2 ran that subquery again for every row
   * of the outbox, and at a million pending rows one cap check held the database (and with it the
   * journal's copy and every new alarm) for minutes. The running counts follow each moved row, so
   * the monitor's next look needs no recount (at the cap, one a second over a million rows).
   */
  private int moveInChunks(String selectIds, String moveOne, String from, String to, int count)
      throws SQLException {
    int moved = 0;
    while (moved < count) {
      int chunk = Math.min(MOVE_CHUNK, count - moved);
      int n;
      synchronized (counts) {
        List<Long> ids =
            moving(() -> db.inRecoverableTransaction(c -> moveChunk(c, selectIds, moveOne, chunk)));
        ids.forEach(id -> counts.moved(id, from, to));
        n = ids.size();
      }
      moved += n;
      if (n < chunk) {
        break;
      }
    }
    return moved;
  }

  /** The ids of the rows {@code moveOne} moved. */
  private static List<Long> moveChunk(Connection c, String selectIds, String moveOne, int chunk)
      throws SQLException {
    try (PreparedStatement select = c.prepareStatement(selectIds);
        PreparedStatement move = c.prepareStatement(moveOne)) {
      select.setInt(1, chunk);
      List<Long> selected = new ArrayList<>();
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          selected.add(rs.getLong(1));
          move.setLong(1, rs.getLong(1));
          move.addBatch();
        }
      }
      List<Long> moved = new ArrayList<>();
      if (!selected.isEmpty()) {
        int[] updated = move.executeBatch();
        for (int i = 0; i < updated.length; i++) {
          if (updated[i] > 0) {
            moved.add(selected.get(i));
          }
        }
      }
      return moved;
    }
  }

  /** Deletes dead letters that went dead before {@code before}, in bounded transactions. */
  public int pruneDead(Instant before) throws SQLException {
    int n = prune("DELETE FROM outbox WHERE status = 'dead' AND dead_at < ?", before);
    if (n > 0) {
      counts.forget();
    }
    return n;
  }

  /**
   * Puts dead rows back in the queue (all of them when {@code ids} is empty); returns how many
   * moved.
   */
  public int retryDead(List<Long> ids) throws SQLException {
    String sql =
        "UPDATE outbox SET status = 'pending', attempts = 0, last_error = NULL, dead_at = NULL, "
            + "next_attempt_at = NULL WHERE status = 'dead'";
    if (ids.isEmpty()) {
      return moveAll(sql);
    }
    int moved = 0;
    for (Long id : ids) {
      moved += moveAll(sql + " AND id = ?", id);
    }
    return moved;
  }

  /**
   * Depth of the outbox from the running counts (see {@link OutboxCounts}) and the oldest pending
   * row's time.
   */
  public OutboxStats stats() throws SQLException {
    try (Connection c = db.connection()) {
      OutboxCounts.Counts n = counts.refresh(c);
      return new OutboxStats(n.pending(), oldestPending(c), n.dead(), n.setAside());
    }
  }

  /** The first row of each class's run in {@code outbox_queue}; the oldest of those. */
  private static Instant oldestPending(Connection c) throws SQLException {
    long oldestId = Long.MAX_VALUE;
    Instant oldest = null;
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT id, created_at FROM outbox WHERE status = 'pending' AND priority = ? "
                + "ORDER BY status, priority, id LIMIT 1")) {
      for (int rank = ARMING_RANK; rank <= DeliveryClass.ROUTINE.rank(); rank++) {
        ps.setInt(1, rank);
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next() && rs.getLong(1) < oldestId) {
            oldestId = rs.getLong(1);
            oldest = instant(rs.getObject(2, OffsetDateTime.class));
          }
        }
      }
    }
    return oldest;
  }

  /**
   * Deletes delivered rows delivered before {@code before}; what keeps the file bounded in normal
   * running. In bounded transactions: one huge delete would make H2 store unsynced intermediate
   * versions of it (see {@link Database}).
   */
  public int pruneDelivered(Instant before) throws SQLException {
    return prune("DELETE FROM outbox WHERE status = 'delivered' AND delivered_at < ?", before);
  }

  /**
   * Cloud audit lines (every delivery attempt) at or after {@code since} (all when null), oldest
   * first.
   */
  public List<Map<String, Object>> attempts(Instant since, int limit) throws SQLException {
    try (Connection c = db.connection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT at, outbox_id, idempotency_key, priority, http_status, outcome, "
                    + "latency_ms, detail FROM cloud_attempt WHERE at >= ? ORDER BY id LIMIT ?")) {
      ps.setObject(1, utc(since == null ? Instant.EPOCH : since));
      ps.setInt(2, limit);
      List<Map<String, Object>> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("at", instant(rs.getObject(1, OffsetDateTime.class)).toString());
          m.put("outbox_id", rs.getLong(2));
          m.put("key", rs.getString(3));
          m.put("class", DeliveryClass.ofRank(rs.getInt(4)).rank());
          int status = rs.getInt(5);
          m.put("http_status", rs.wasNull() ? null : status);
          m.put("outcome", rs.getString(6));
          m.put("latency_ms", rs.getLong(7));
          m.put("detail", rs.getString(8));
          out.add(m);
        }
      }
      return out;
    }
  }

  /**
   * Deletes cloud audit lines older than {@code before}, in bounded transactions like {@link
   * #pruneDelivered}.
   */
  public int pruneAttempts(Instant before) throws SQLException {
    return prune("DELETE FROM cloud_attempt WHERE at < ?", before);
  }

  /**
   * Runs {@code delete} (rows older than {@code before}) in transactions of {@value #PRUNE_BATCH}
   * rows until it finds fewer. Plain commits: a delete that a crash undoes is simply done again.
   */
  private int prune(String delete, Instant before) throws SQLException {
    String batch = delete + " FETCH FIRST " + PRUNE_BATCH + " ROWS ONLY";
    int total = 0;
    int rows;
    do {
      rows = db.inTransaction(c -> execute(c, batch, utc(before)));
      total += rows;
    } while (rows == PRUNE_BATCH);
    return total;
  }

  private static List<OutboxRecord> read(PreparedStatement ps) throws SQLException {
    List<OutboxRecord> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        int lastStatus = rs.getInt(8);
        out.add(
            new OutboxRecord(
                rs.getLong(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                instant(rs.getObject(5, OffsetDateTime.class)),
                rs.getString(6),
                rs.getInt(7),
                rs.wasNull() ? null : lastStatus,
                rs.getString(9),
                instant(rs.getObject(10, OffsetDateTime.class)),
                DeliveryClass.ofRank(rs.getInt(11))));
      }
    }
    return out;
  }

  /**
   * A status change over rows the counts cannot follow one by one: they are counted afresh next
   * time.
   */
  private int moveAll(String sql, Object... args) throws SQLException {
    return moveAll(c -> execute(c, sql, args));
  }

  private int moveAll(Database.Work<Integer> work) throws SQLException {
    synchronized (counts) {
      int n = moving(() -> db.inRecoverableTransaction(work));
      if (n > 0) {
        counts.forget();
      }
      return n;
    }
  }

  /** A move's transaction, under the counts' monitor. */
  private interface Move<T> {
    T run() throws SQLException;
  }

  /**
   * Runs {@code move}; when it throws, the counts are forgotten: a commit whose sync failed may
   * still have landed, and the next look then counts afresh.
   */
  private <T> T moving(Move<T> move) throws SQLException {
    try {
      return move.run();
    } catch (SQLException e) {
      counts.forget();
      throw e;
    }
  }

  /** One statement in its own transaction (see {@link Database#inRecoverableTransaction}). */
  private int update(String sql, Object... args) throws SQLException {
    return db.inRecoverableTransaction(c -> execute(c, sql, args));
  }

  private static int execute(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        if (args[i] == null) {
          ps.setNull(i + 1, Types.NULL);
        } else {
          ps.setObject(i + 1, args[i]);
        }
      }
      return ps.executeUpdate();
    }
  }

  static String checkedStatus(String status) {
    return switch (status) {
      case PENDING, DELIVERED, DEAD, SET_ASIDE -> status;
      default ->
          throw new IllegalArgumentException(
              "unknown outbox status '"
                  + status
                  + "' (expected pending, delivered, dead or set_aside)");
    };
  }

  private static String truncate(String s) {
    return s == null || s.length() <= 512 ? s : s.substring(0, 509) + "...";
  }

  private static OffsetDateTime utc(Instant i) {
    return i == null ? null : i.atOffset(ZoneOffset.UTC);
  }

  private static Instant instant(OffsetDateTime t) {
    return t == null ? null : t.toInstant();
  }
}
