package io.chektbridge.daemon.journal;

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
import java.util.List;

/**
 * The {@code panel_event} table, which the journal owns: its indexer writes the rows, and the state
 * engine reads them back through {@link #after} when it was not handed them (at start, after a
 * crash, or when it fell behind).
 */
public final class PanelEventTable {
  static final String INSERT =
      "INSERT INTO panel_event (id, message_id, received_at, source, account, format, qualifier, cid_code,"
          + " sia_code, partition_no, zone_no, user_no, text, panel_time, video_urls, description, category)"
          + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";

  private PanelEventTable() {}

  /**
   * Adds the row of {@code e}, an event of message {@code messageId}, to the batch of {@link
   * #INSERT}.
   */
  static void add(PreparedStatement s, long messageId, StoredEvent e) throws SQLException {
    s.setLong(1, e.id());
    s.setLong(2, messageId);
    s.setObject(3, utc(e.receivedAt()));
    s.setString(4, e.source());
    s.setString(5, e.account());
    s.setString(6, e.format());
    s.setString(7, String.valueOf(e.qualifier()));
    s.setString(8, e.cidCode());
    s.setString(9, e.siaCode());
    s.setObject(10, e.partition(), Types.INTEGER);
    s.setObject(11, e.zone(), Types.INTEGER);
    s.setObject(12, e.user(), Types.INTEGER);
    s.setString(13, e.text());
    s.setObject(14, e.panelTime() == null ? null : utc(e.panelTime()));
    s.setString(15, e.videoUrlsColumn());
    s.setString(16, e.description());
    s.setString(17, e.category());
    s.addBatch();
  }

  /** Panel events after {@code cursor}, in id order (the journal's order). */
  public static List<StoredEvent> after(Database db, long cursor, int limit) throws SQLException {
    List<StoredEvent> out = new ArrayList<>();
    try (Connection c = db.connection();
        PreparedStatement p =
            c.prepareStatement("SELECT * FROM panel_event WHERE id > ? ORDER BY id LIMIT ?")) {
      p.setLong(1, cursor);
      p.setInt(2, limit);
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          out.add(read(rs));
        }
      }
    }
    return out;
  }

  private static StoredEvent read(ResultSet rs) throws SQLException {
    return new StoredEvent(
        rs.getLong("id"),
        instant(rs, "received_at"),
        rs.getString("source"),
        rs.getString("account"),
        rs.getString("format"),
        rs.getString("qualifier").charAt(0),
        rs.getString("cid_code"),
        rs.getString("sia_code"),
        (Integer) rs.getObject("partition_no"),
        (Integer) rs.getObject("zone_no"),
        (Integer) rs.getObject("user_no"),
        rs.getString("text"),
        instant(rs, "panel_time"),
        StoredEvent.videoUrls(rs.getString("video_urls")),
        rs.getString("description"),
        rs.getString("category"));
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  private static OffsetDateTime utc(Instant t) {
    return t.atOffset(ZoneOffset.UTC);
  }
}
