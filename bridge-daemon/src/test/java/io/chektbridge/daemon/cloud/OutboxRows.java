package io.chektbridge.daemon.cloud;

import io.chektbridge.daemon.outbox.DeliveryClass;
import io.chektbridge.daemon.outbox.OutboxKind;
import io.chektbridge.daemon.outbox.OutboxRow;
import io.chektbridge.daemon.outbox.OutboxStore;
import io.chektbridge.daemon.store.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Writes outbox rows the way the state machine does, and reads their status back. */
final class OutboxRows {
  static final String SITE = "site_abc123";
  static final String INSTANCE = "a1b2c3d4";

  private final Database db;

  OutboxRows(Database db) {
    this.db = db;
  }

  static String eventBody(String site, long n, String type, Instant at) {
    return "{\"event_id\":\""
        + INSTANCE
        + "-"
        + n
        + "\",\"event_type\":\""
        + type
        + "\",\"event_subtype\":\"intrusion\","
        + "\"event_time\":\""
        + at
        + "\","
        + (site == null ? "\"site_id\":null," : "\"site_id\":\"" + site + "\",")
        + "\"partition\":\"1\",\"zone\":{\"number\":5,\"name\":\"Back Door\"},\"restore\":false,"
        + "\"codes\":{\"cid\":\"E130\",\"sia\":\"BA\"},\"test\":false,\"source\":\"panel\"}";
  }

  /** Inserts {@code count} alarm events numbered from {@code first}, in one transaction. */
  List<Long> events(long first, int count, Instant at) throws SQLException {
    List<Long> ids = new ArrayList<>();
    try (Connection c = db.connection()) {
      c.setAutoCommit(false);
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO outbox (kind, idempotency_key, body, "
                  + "panel_event_id, created_at) VALUES ('event', ?, ?, ?, ?)",
              new String[] {"ID"})) {
        for (long n = first; n < first + count; n++) {
          ps.setString(1, "evt:" + SITE + ":" + INSTANCE + "-" + n);
          ps.setString(2, eventBody(SITE, n, "alarm", at));
          ps.setLong(3, n);
          ps.setObject(4, at.atOffset(ZoneOffset.UTC));
          ps.addBatch();
        }
        ps.executeBatch();
        try (ResultSet keys = ps.getGeneratedKeys()) {
          while (keys.next()) {
            ids.add(keys.getLong(1));
          }
        }
      }
      c.commit();
    }
    return ids;
  }

  /**
   * Queues {@code count} alarm events numbered from {@code first} in one transaction, as the state
   * machine does.
   */
  void insertEvents(long first, int count, Instant at) throws SQLException {
    db.inTransaction(
        c -> {
          for (long n = first; n < first + count; n++) {
            OutboxStore.append(
                c,
                new OutboxRow(
                    OutboxKind.EVENT,
                    "evt:" + SITE + ":" + INSTANCE + "-" + n,
                    eventBody(SITE, n, "alarm", at),
                    n,
                    at,
                    DeliveryClass.ALARM));
          }
          return null;
        });
  }

  /** Queues event {@code n} of this instance, as {@link #insert} does. */
  long event(long n, String type, Instant at) throws SQLException {
    return event(n, type, at, at);
  }

  /** Event {@code n} whose event time is not when it was queued. */
  long event(long n, String type, Instant eventTime, Instant queuedAt) throws SQLException {
    String key = "evt:" + SITE + ":" + INSTANCE + "-" + n;
    return insert("event", key, eventBody(SITE, n, type, eventTime), queuedAt);
  }

  /** Queues one row through the write path the state machine uses (contract check included). */
  long insert(String kind, String key, String body, Instant createdAt) throws SQLException {
    OutboxKind k = OutboxKind.of(kind);
    DeliveryClass c =
        k == OutboxKind.ARMING || body.contains("\"event_type\":\"alarm\"")
            ? DeliveryClass.ALARM
            : body.contains("\"event_type\":\"trouble\"")
                ? DeliveryClass.TROUBLE
                : DeliveryClass.ROUTINE;
    db.inTransaction(
        conn -> OutboxStore.append(conn, new OutboxRow(k, key, body, null, createdAt, c)));
    try (Connection conn = db.connection();
        PreparedStatement ps =
            conn.prepareStatement("SELECT id FROM outbox WHERE idempotency_key = ?")) {
      ps.setString(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private int sequence;

  /** An arming row; {@code extra} is more JSON members, e.g. {@code "target_mode":"away"}. */
  long arming(String state, String partition, Instant at, String user, String source, String extra)
      throws SQLException {
    String body =
        "{\"state\":\""
            + state
            + "\",\"partition\":\""
            + partition
            + "\",\"timestamp\":\""
            + at
            + "\","
            + "\"user_id\":"
            + (user == null ? "null" : "\"" + user + "\"")
            + ",\"source\":\""
            + source
            + "\""
            + (extra == null ? "" : "," + extra)
            + "}";
    return insert(
        "arming", "arm:" + SITE + ":" + partition + ":" + INSTANCE + "-" + (++sequence), body, at);
  }

  String status(long id) throws SQLException {
    return column(id, "status");
  }

  String column(long id, String column) throws SQLException {
    try (Connection c = db.connection();
        PreparedStatement ps =
            c.prepareStatement("SELECT " + column + " FROM outbox WHERE id = ?")) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  long count(String status) throws SQLException {
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM outbox WHERE status = ?")) {
      ps.setString(1, status);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  void requeueAll() throws SQLException {
    db.execute("UPDATE outbox SET status = 'pending'");
  }
}
