package io.chektbridge.daemon.state;

import io.chektbridge.daemon.store.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * One panel_event row as the journal writes it (V1__core.sql), from account 1234. It comes in on
 * the dc09-tcp link without a panel timestamp unless the insert names another link and a stamp.
 */
record PanelEventRow(
    Instant receivedAt,
    String format,
    char qualifier,
    String code,
    Integer partition,
    Integer zone,
    Integer user,
    String category) {

  static final String DC09_LINK = "dc09-tcp";
  private static final String CONTACT_ID = "CONTACT_ID";
  private static final String INSERT =
      "INSERT INTO panel_event (received_at, source, account, format, qualifier, cid_code,"
          + " sia_code, partition_no, zone_no, user_no, panel_time, description, category)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  /**
   * A Contact ID event "E401" / "R130" etc. with partition, zone and user as the decoder would set
   * them, and the category its event group stands for.
   */
  static PanelEventRow contactId(
      Instant receivedAt, String qualifiedCode, Integer partition, Integer zone, Integer user) {
    String code = qualifiedCode.substring(1);
    return new PanelEventRow(
        receivedAt, CONTACT_ID, qualifiedCode.charAt(0), code, partition, zone, user, group(code));
  }

  static PanelEventRow sia(
      Instant receivedAt,
      String code,
      char qualifier,
      Integer partition,
      Integer zone,
      Integer user,
      String category) {
    return new PanelEventRow(
        receivedAt, "SIA_DC03", qualifier, code, partition, zone, user, category);
  }

  private static String group(String contactIdCode) {
    return switch (contactIdCode.charAt(0)) {
      case '1' -> "alarm";
      case '3' -> "trouble";
      case '4' -> "opening_closing";
      case '5' -> "bypass";
      case '6' -> "test";
      default -> "unknown";
    };
  }

  long insertInto(Database db) throws SQLException {
    return insertInto(db, DC09_LINK, null);
  }

  long insertInto(Database db, String source, Instant panelTime) throws SQLException {
    try (Connection c = db.connection()) {
      return insertInto(c, source, panelTime);
    }
  }

  /** Inserts on {@code c}, inside its transaction if one is open, and returns the row's id. */
  long insertInto(Connection c) throws SQLException {
    return insertInto(c, DC09_LINK, null);
  }

  long insertInto(Connection c, String source, Instant panelTime) throws SQLException {
    boolean contactId = format.equals(CONTACT_ID);
    try (PreparedStatement p = c.prepareStatement(INSERT, Statement.RETURN_GENERATED_KEYS)) {
      p.setObject(1, receivedAt.atOffset(ZoneOffset.UTC));
      p.setString(2, source);
      p.setString(3, "1234");
      p.setString(4, format);
      p.setString(5, String.valueOf(qualifier));
      p.setString(6, contactId ? code : null);
      p.setString(7, contactId ? null : code);
      p.setObject(8, partition, Types.INTEGER);
      p.setObject(9, zone, Types.INTEGER);
      p.setObject(10, user, Types.INTEGER);
      p.setObject(11, panelTime == null ? null : panelTime.atOffset(ZoneOffset.UTC));
      p.setString(12, "event " + (contactId ? qualifier + code : code));
      p.setString(13, category);
      p.executeUpdate();
      try (ResultSet keys = p.getGeneratedKeys()) {
        keys.next();
        return keys.getLong(1);
      }
    }
  }
}
