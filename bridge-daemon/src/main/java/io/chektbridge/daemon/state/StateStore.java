package io.chektbridge.daemon.state;

import io.chektbridge.daemon.journal.PanelEventTable;
import io.chektbridge.daemon.journal.StoredEvent;
import io.chektbridge.daemon.store.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The state machine's tables (V20__state.sql) and its reads of panel_event. Writers take the
 * caller's connection so state, audit, outbox rows ({@link
 * io.chektbridge.daemon.outbox.OutboxStore#append}) and cursor share one transaction.
 */
public final class StateStore {
  private final Database db;
  private final Transactions transactions;

  /**
   * How a write transaction runs: {@link Database#inTransaction}, or in a test one that fails after
   * committing.
   */
  public interface Transactions {
    <T> T run(Database.Work<T> work) throws SQLException;
  }

  /** One stored audit line. */
  public record AuditRecord(long id, AuditEntry entry) {}

  public StateStore(Database db) {
    this(db, null);
  }

  public StateStore(Database db, Transactions transactions) {
    this.db = db;
    this.transactions = transactions;
  }

  /**
   * One write transaction, committed and synced: the state, its audit lines and outbox rows are on
   * disk together.
   */
  public <T> T inTransaction(Database.Work<T> work) throws SQLException {
    return transactions == null ? db.inTransaction(work) : transactions.run(work);
  }

  /**
   * The first 8 hex digits of this installation's instance id, the prefix of every cloud event id.
   */
  public String instancePrefix() throws SQLException {
    try (Connection c = db.connection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT val FROM bridge_meta WHERE name = 'instance_id'")) {
      if (!rs.next()) {
        throw new SQLException(
            "bridge_meta has no instance_id; the database was not created by chekt-bridge");
      }
      return rs.getString(1).replace("-", "").substring(0, 8);
    }
  }

  public SiteSnapshot load() throws SQLException {
    try (Connection c = db.connection()) {
      Map<Integer, PartitionSnapshot> partitions = new HashMap<>();
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT * FROM partition_state")) {
        while (rs.next()) {
          PartitionSnapshot p =
              new PartitionSnapshot(
                  rs.getInt("number"),
                  PartitionState.ofWireName(rs.getString("state")),
                  instant(rs, "since"),
                  (Integer) rs.getObject("user_no"),
                  ArmingSource.ofWireName(rs.getString("source")),
                  ArmingMode.ofWireName(rs.getString("target_mode")),
                  ArmingMode.ofWireName(rs.getString("armed_mode")),
                  instant(rs, "delay_ends"),
                  origin(rs.getString("delay_origin")),
                  PartitionState.ofWireName(rs.getString("cloud_state")),
                  ArmingMode.ofWireName(rs.getString("cloud_mode")),
                  instant(rs, "cloud_time"),
                  rs.getBoolean("awaiting_baseline"));
          partitions.put(p.number(), p);
        }
      }
      Map<Integer, ZoneSnapshot> zones = new HashMap<>();
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT * FROM zone_state")) {
        while (rs.next()) {
          String meaning = rs.getString("last_meaning");
          ZoneSnapshot z =
              new ZoneSnapshot(
                  rs.getInt("number"),
                  rs.getInt("partition_no"),
                  ZoneState.ofWireName(rs.getString("state")),
                  rs.getBoolean("bypassed"),
                  rs.getBoolean("alarm_memory"),
                  instant(rs, "last_event"),
                  rs.getString("last_code"),
                  meaning == null ? null : Meaning.ofWireName(meaning),
                  (Long) rs.getObject("last_event_id"));
          zones.put(z.number(), z);
        }
      }
      Map<String, SiteTrouble> troubles = new HashMap<>();
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT * FROM site_trouble")) {
        while (rs.next()) {
          troubles.put(
              rs.getString("kind"),
              new SiteTrouble(
                  rs.getString("kind"), instant(rs, "since"), rs.getLong("panel_event_id")));
        }
      }
      long cursor;
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT last_event_id FROM state_cursor WHERE id = 1")) {
        rs.next();
        cursor = rs.getLong(1);
      }
      return new SiteSnapshot(partitions, zones, troubles, cursor);
    }
  }

  /** Panel events after {@code cursor}, in id order (the journal's order). */
  public List<StoredEvent> eventsAfter(long cursor, int limit) throws SQLException {
    return PanelEventTable.after(db, cursor, limit);
  }

  /** The statement {@link #appendAudit} runs; a transaction prepares it once for all its lines. */
  static final String AUDIT_INSERT =
      "INSERT INTO state_audit (at, partition_no, zone_no, from_state, to_state, "
          + "user_no, source, panel_event_id, outcome, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  static void appendAudit(PreparedStatement p, AuditEntry a) throws SQLException {
    p.setObject(1, utc(a.at()));
    p.setObject(2, a.partition(), Types.INTEGER);
    p.setObject(3, a.zone(), Types.INTEGER);
    p.setString(4, a.from());
    p.setString(5, a.to());
    p.setObject(6, a.user(), Types.INTEGER);
    p.setString(7, a.source() == null ? null : a.source().wireName());
    p.setObject(8, a.panelEventId(), Types.BIGINT);
    p.setString(9, a.outcome().wireName());
    p.setString(10, truncate(a.detail(), 1024));
    p.executeUpdate();
  }

  /** Writes what differs between {@code before} and {@code after}, and the cursor. */
  public void save(Connection c, SiteSnapshot before, SiteSnapshot after) throws SQLException {
    List<PartitionSnapshot> partitions = changed(before.partitions(), after.partitions());
    if (!partitions.isEmpty()) {
      try (PreparedStatement p = c.prepareStatement(PARTITION_MERGE)) {
        for (PartitionSnapshot s : partitions) {
          savePartition(p, s);
        }
      }
    }
    List<ZoneSnapshot> zones = changed(before.zones(), after.zones());
    if (!zones.isEmpty()) {
      try (PreparedStatement p = c.prepareStatement(ZONE_MERGE)) {
        for (ZoneSnapshot z : zones) {
          saveZone(p, z);
        }
      }
    }
    if (!before.troubles().equals(after.troubles())) {
      try (Statement s = c.createStatement()) {
        s.executeUpdate("DELETE FROM site_trouble");
      }
      try (PreparedStatement p =
          c.prepareStatement(
              "INSERT INTO site_trouble (kind, since, panel_event_id) VALUES (?, ?, ?)")) {
        for (SiteTrouble t : after.troubles().values()) {
          p.setString(1, t.kind());
          p.setObject(2, utc(t.since()));
          p.setLong(3, t.panelEventId());
          p.executeUpdate();
        }
      }
    }
    if (before.cursor() != after.cursor()) {
      try (PreparedStatement p =
          c.prepareStatement("UPDATE state_cursor SET last_event_id = ? WHERE id = 1")) {
        p.setLong(1, after.cursor());
        p.executeUpdate();
      }
    }
  }

  /** The values of {@code after} that are new or differ from {@code before}'s. */
  private static <T> List<T> changed(Map<Integer, T> before, Map<Integer, T> after) {
    List<T> out = new ArrayList<>();
    after.forEach(
        (number, value) -> {
          if (!value.equals(before.get(number))) {
            out.add(value);
          }
        });
    return out;
  }

  private static final String PARTITION_MERGE =
      "MERGE INTO partition_state (number, state, since, user_no, source, "
          + "target_mode, armed_mode, delay_ends, delay_origin, cloud_state, cloud_mode, cloud_time, awaiting_baseline) "
          + "KEY (number) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  private static void savePartition(PreparedStatement p, PartitionSnapshot s) throws SQLException {
    p.setInt(1, s.number());
    p.setString(2, s.state().wireName());
    p.setObject(3, utc(s.since()));
    p.setObject(4, s.user(), Types.INTEGER);
    p.setString(5, s.source() == null ? null : s.source().wireName());
    p.setString(6, s.targetMode() == null ? null : s.targetMode().wireName());
    p.setString(7, s.armedMode() == null ? null : s.armedMode().wireName());
    p.setObject(8, utc(s.delayEnds()));
    p.setString(9, s.delayOrigin() == null ? null : s.delayOrigin().name());
    p.setString(10, s.cloudState().wireName());
    p.setString(11, s.cloudMode() == null ? null : s.cloudMode().wireName());
    p.setObject(12, utc(s.cloudTime()));
    p.setBoolean(13, s.awaitingBaseline());
    p.executeUpdate();
  }

  private static final String ZONE_MERGE =
      "MERGE INTO zone_state (number, partition_no, state, bypassed, "
          + "alarm_memory, last_event, last_code, last_meaning, last_event_id) KEY (number) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";

  private static void saveZone(PreparedStatement p, ZoneSnapshot z) throws SQLException {
    p.setInt(1, z.number());
    p.setInt(2, z.partition());
    p.setString(3, z.state().wireName());
    p.setBoolean(4, z.bypassed());
    p.setBoolean(5, z.alarmMemory());
    p.setObject(6, utc(z.lastEvent()));
    p.setString(7, z.lastCode());
    p.setString(8, z.lastMeaning() == null ? null : z.lastMeaning().wireName());
    p.setObject(9, z.lastEventId(), Types.BIGINT);
    p.executeUpdate();
  }

  /**
   * Audit lines at or after {@code since} (all when null), oldest first, optionally of one
   * partition.
   */
  /**
   * The first {@code limit} audit lines at or after {@code since} (all partitions when null),
   * oldest first.
   */
  public List<AuditRecord> audit(Instant since, Integer partition, int limit) throws SQLException {
    return auditLines(
        "SELECT * FROM state_audit" + auditFilter(partition) + " ORDER BY id LIMIT ?",
        since,
        partition,
        limit);
  }

  /** The newest {@code limit} audit lines that match, in time order, and how many match in all. */
  public AuditPage latestAudit(Instant since, Integer partition, int limit) throws SQLException {
    List<AuditRecord> lines =
        auditLines(
            "SELECT * FROM (SELECT * FROM state_audit"
                + auditFilter(partition)
                + " ORDER BY id DESC LIMIT ?) ORDER BY id",
            since,
            partition,
            limit);
    try (Connection c = db.connection();
        PreparedStatement p =
            c.prepareStatement("SELECT COUNT(*) FROM state_audit" + auditFilter(partition))) {
      bindFilter(p, since, partition);
      try (ResultSet rs = p.executeQuery()) {
        rs.next();
        return new AuditPage(lines, rs.getLong(1));
      }
    }
  }

  /** Audit lines and the number of lines that matched the query, shown or not. */
  public record AuditPage(List<AuditRecord> lines, long matching) {}

  private static String auditFilter(Integer partition) {
    return partition == null ? " WHERE at >= ?" : " WHERE at >= ? AND partition_no = ?";
  }

  private static int bindFilter(PreparedStatement p, Instant since, Integer partition)
      throws SQLException {
    int i = 1;
    p.setObject(i++, utc(Objects.requireNonNullElse(since, Instant.EPOCH)));
    if (partition != null) {
      p.setInt(i++, partition);
    }
    return i;
  }

  private List<AuditRecord> auditLines(String sql, Instant since, Integer partition, int limit)
      throws SQLException {
    List<AuditRecord> out = new ArrayList<>();
    try (Connection c = db.connection();
        PreparedStatement p = c.prepareStatement(sql)) {
      p.setInt(bindFilter(p, since, partition), limit);
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          out.add(
              new AuditRecord(
                  rs.getLong("id"),
                  new AuditEntry(
                      instant(rs, "at"),
                      (Integer) rs.getObject("partition_no"),
                      (Integer) rs.getObject("zone_no"),
                      rs.getString("from_state"),
                      rs.getString("to_state"),
                      (Integer) rs.getObject("user_no"),
                      ArmingSource.ofWireName(rs.getString("source")),
                      (Long) rs.getObject("panel_event_id"),
                      AuditOutcome.valueOf(
                          rs.getString("outcome").toUpperCase(java.util.Locale.ROOT)),
                      rs.getString("detail"))));
        }
      }
    }
    return out;
  }

  private static DelayOrigin origin(String text) {
    return text == null ? null : DelayOrigin.valueOf(text);
  }

  static OffsetDateTime utc(Instant t) {
    return t == null ? null : t.atOffset(ZoneOffset.UTC);
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  private static String truncate(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
  }
}
