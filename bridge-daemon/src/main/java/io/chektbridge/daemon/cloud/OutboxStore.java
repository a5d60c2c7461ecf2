package io.chektbridge.daemon.cloud;

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
import java.util.List;

/**
 * Cloud sync's access to the {@code outbox} table. Rows are only ever moved between states, never
 * deleted while pending or dead: the only delete is of delivered rows past their retention.
 */
public final class OutboxStore {
  public static final String PENDING = "pending";
  public static final String DELIVERED = "delivered";
  public static final String DEAD = "dead";

  private static final String COLUMNS =
      "id, kind, idempotency_key, body, created_at, status, attempts, last_status, last_error, delivered_at";

  private static final int PRUNE_BATCH = 2_000;
  private final Database db;

  public OutboxStore(Database db) {
    this.db = db;
  }

  /** A delivered row waiting for its mark: id and the final HTTP status. */
  public record Delivery(long id, int httpStatus) {
  }

  /** The oldest pending rows in FIFO (id) order. */
  public List<OutboxRecord> pending(int limit) throws SQLException {
    return query("SELECT " + COLUMNS + " FROM outbox WHERE status = 'pending' ORDER BY id LIMIT ?", limit);
  }

  /** Rows of one status (or all when null), oldest first, for {@code outbox list|export}. */
  public List<OutboxRecord> list(String status, long afterId, int limit) throws SQLException {
    String where = status == null ? "id > ?" : "id > ? AND status = '" + checkedStatus(status) + "'";
    try (Connection c = db.connection();
         PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM outbox WHERE " + where
             + " ORDER BY id LIMIT ?")) {
      ps.setLong(1, afterId);
      ps.setInt(2, limit);
      return read(ps);
    }
  }

  /** Marks rows delivered in one transaction; only rows still pending change (a retried row stays put). */
  public void markDelivered(Collection<Delivery> deliveries, Instant at) throws SQLException {
    if (deliveries.isEmpty()) {
      return;
    }
    // synced: after a power cut a delivery still marked pending is sent again
    db.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE outbox SET status = 'delivered', delivered_at = ?, "
          + "attempts = attempts + 1, last_status = ?, last_error = NULL WHERE id = ? AND status = 'pending'")) {
        for (Delivery d : deliveries) {
          ps.setObject(1, utc(at));
          ps.setInt(2, d.httpStatus());
          ps.setLong(3, d.id());
          ps.addBatch();
        }
        return ps.executeBatch().length;
      }
    });
  }

  /** Records a failed attempt that will be retried; the row stays pending. */
  public void recordFailure(long id, Integer httpStatus, String error, Instant nextAttempt) throws SQLException {
    update("UPDATE outbox SET attempts = attempts + 1, last_status = ?, last_error = ?, next_attempt_at = ? "
        + "WHERE id = ?", httpStatus, truncate(error), utc(nextAttempt), id);
  }

  /** Moves a row to the dead-letter state: the cloud refused it for good. It stays for export and retry. */
  public void markDead(long id, Integer httpStatus, String error, Instant at) throws SQLException {
    update("UPDATE outbox SET status = 'dead', attempts = attempts + 1, last_status = ?, last_error = ?, "
        + "dead_at = ? WHERE id = ? AND status = 'pending'", httpStatus, truncate(error), utc(at), id);
  }

  /** Freezes the body actually sent (site id or camera filled in) so every retry sends the same bytes. */
  public void replaceBody(long id, String body) throws SQLException {
    update("UPDATE outbox SET body = ? WHERE id = ? AND status = 'pending'", body, id);
  }

  /** Puts dead rows back in the queue (all of them when {@code ids} is empty); returns how many moved. */
  public int retryDead(List<Long> ids) throws SQLException {
    String sql = "UPDATE outbox SET status = 'pending', attempts = 0, last_error = NULL, dead_at = NULL, "
        + "next_attempt_at = NULL WHERE status = 'dead'";
    if (ids.isEmpty()) {
      return update(sql);
    }
    int moved = 0;
    for (Long id : ids) {
      moved += update(sql + " AND id = ?", id);
    }
    return moved;
  }

  public OutboxStats stats() throws SQLException {
    try (Connection c = db.connection();
         PreparedStatement ps = c.prepareStatement("SELECT "
             + "(SELECT COUNT(*) FROM outbox WHERE status = 'pending'), "
             + "(SELECT created_at FROM outbox WHERE status = 'pending' ORDER BY id LIMIT 1), "
             + "(SELECT COUNT(*) FROM outbox WHERE status = 'dead')");
         ResultSet rs = ps.executeQuery()) {
      rs.next();
      return new OutboxStats(rs.getLong(1), instant(rs.getObject(2, OffsetDateTime.class)), rs.getLong(3));
    }
  }

  /**
   * Deletes delivered rows delivered before {@code before}; what keeps the file bounded in normal
   * running. In bounded transactions: one huge delete would make H2 store unsynced intermediate
   * versions of it (see {@link Database}).
   */
  public int pruneDelivered(Instant before) throws SQLException {
    int total = 0;
    int rows;
    do {
      rows = update("DELETE FROM outbox WHERE status = 'delivered' AND delivered_at < ? FETCH FIRST "
          + PRUNE_BATCH + " ROWS ONLY", utc(before));
      total += rows;
    } while (rows == PRUNE_BATCH);
    return total;
  }

  private List<OutboxRecord> query(String sql, int limit) throws SQLException {
    try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setInt(1, limit);
      return read(ps);
    }
  }

  private static List<OutboxRecord> read(PreparedStatement ps) throws SQLException {
    List<OutboxRecord> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        int lastStatus = rs.getInt(8);
        out.add(new OutboxRecord(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
            instant(rs.getObject(5, OffsetDateTime.class)), rs.getString(6), rs.getInt(7),
            rs.wasNull() ? null : lastStatus, rs.getString(9), instant(rs.getObject(10, OffsetDateTime.class))));
      }
    }
    return out;
  }

  /** One statement in its own durable transaction (see {@link Database#inTransaction}). */
  private int update(String sql, Object... args) throws SQLException {
    return db.inTransaction(c -> {
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
    });
  }

  static String checkedStatus(String status) {
    return switch (status) {
      case PENDING, DELIVERED, DEAD -> status;
      default -> throw new IllegalArgumentException("unknown outbox status '" + status
          + "' (expected pending, delivered or dead)");
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
