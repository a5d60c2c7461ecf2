package io.chektbridge.daemon.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chektbridge.daemon.config.BridgeConfig;
import io.chektbridge.daemon.config.BridgeConfig.EventMapEntry;
import io.chektbridge.daemon.config.BridgeConfig.Partition;
import io.chektbridge.daemon.config.BridgeConfig.Zone;
import io.chektbridge.daemon.ops.Alerts;
import io.chektbridge.daemon.ops.Metrics;
import io.chektbridge.daemon.store.Database;
import io.chektbridge.daemon.testing.ManualClock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * A real H2 database, the real engine and a manual clock and state thread. Panel events go in as
 * panel_event rows (as the journal writes them), then the engine is told of the commit, exactly as
 * in the daemon. Reads back state, audit lines and outbox rows.
 */
final class StateHarness implements AutoCloseable {
  static final Instant T0 = Instant.parse("2026-01-15T10:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();

  final Path dir;
  final ManualClock clock;
  final ManualStateThread thread;
  final Database db;
  final Metrics metrics = new Metrics();
  final Alerts alerts;
  final List<Partition> partitions;
  final List<Zone> zones;
  final List<EventMapEntry> eventMap;
  final String siteId;
  SiteStateEngine engine;

  /** How the engine's store is made; a test may wrap its transactions. */
  java.util.function.Function<Database, StateStore> stores = StateStore::new;

  StateHarness(
      Path dir,
      List<Partition> partitions,
      List<Zone> zones,
      List<EventMapEntry> eventMap,
      String siteId)
      throws Exception {
    this(dir, new ManualClock(T0), partitions, zones, eventMap, siteId);
  }

  private StateHarness(
      Path dir,
      ManualClock clock,
      List<Partition> partitions,
      List<Zone> zones,
      List<EventMapEntry> eventMap,
      String siteId)
      throws Exception {
    this.dir = dir;
    this.clock = clock;
    this.thread = new ManualStateThread(clock);
    this.alerts = new Alerts(clock);
    this.partitions = partitions;
    this.zones = zones;
    this.eventMap = eventMap;
    this.siteId = siteId;
    this.db = Database.open(dir);
    start();
  }

  /**
   * The seed-000 site: partition 1 "House" (60 s exit, 30 s entry), Front Door zone 3 and Back Door
   * zone 5 (entry/exit), Hall PIR zone 7.
   */
  static StateHarness house(Path dir) throws Exception {
    return new StateHarness(
        dir,
        List.of(new Partition(1, "House", Duration.ofSeconds(60), Duration.ofSeconds(30))),
        houseZones(1),
        List.of(),
        "site_abc123");
  }

  static List<Zone> houseZones(int partition) {
    return List.of(
        new Zone(3, "Front Door", partition, BridgeConfig.ZoneType.ENTRY_EXIT, "cam_front"),
        new Zone(5, "Back Door", partition, BridgeConfig.ZoneType.ENTRY_EXIT, "cam_xyz789"),
        new Zone(7, "Hall PIR", partition, BridgeConfig.ZoneType.INTERIOR, null));
  }

  private void start() throws SQLException {
    SiteStateMachine machine = new SiteStateMachine(new SiteLayout(partitions, zones));
    engine =
        new SiteStateEngine(
            stores.apply(db),
            machine,
            MeaningTable.withOverrides(eventMap),
            siteId,
            clock,
            thread,
            metrics,
            alerts);
    engine.start();
    thread.runPending();
  }

  /**
   * Stops the engine (not the database) and starts a fresh one on the same database: a daemon
   * restart.
   */
  void restart() throws SQLException {
    engine.close();
    start();
  }

  // ---- panel events in

  /**
   * A Contact ID event "E401" / "R130" etc. with partition, zone and user as the decoder would set
   * them.
   */
  long cid(String qualifiedCode, Integer partition, Integer zone, Integer user)
      throws SQLException {
    return insert(
        "CONTACT_ID",
        qualifiedCode.charAt(0),
        qualifiedCode.substring(1),
        null,
        partition,
        zone,
        user,
        category(qualifiedCode));
  }

  long sia(
      String code, char qualifier, Integer partition, Integer zone, Integer user, String category)
      throws SQLException {
    return insert("SIA_DC03", qualifier, null, code, partition, zone, user, category);
  }

  long insert(
      String format,
      char qualifier,
      String cid,
      String sia,
      Integer partition,
      Integer zone,
      Integer user,
      String category)
      throws SQLException {
    long id =
        PanelEvents.insert(
            db,
            clock.instant(),
            "dc09-tcp",
            "1234",
            format,
            qualifier,
            cid,
            sia,
            partition,
            zone,
            user,
            category,
            null);
    engine.committed(id);
    thread.runPending();
    return id;
  }

  private static String category(String qualifiedCode) {
    char group = qualifiedCode.charAt(1);
    return switch (group) {
      case '1' -> "alarm";
      case '3' -> "trouble";
      case '4' -> "opening_closing";
      case '5' -> "bypass";
      case '6' -> "test";
      default -> "unknown";
    };
  }

  void advance(Duration d) {
    thread.advance(d);
  }

  // ---- state out

  PartitionSnapshot partition(int n) {
    return engine.snapshot().partitions().get(n);
  }

  ZoneSnapshot zone(int n) {
    return engine.snapshot().zones().get(n);
  }

  /** Outbox bodies of one kind, in id order. */
  List<JsonNode> outbox(String kind) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (String[] row : outboxRows()) {
      if (row[0].equals(kind)) {
        out.add(JSON.readTree(row[2]));
      }
    }
    return out;
  }

  /** kind, idempotency_key, body, panel_event_id of every outbox row in id order. */
  List<String[]> outboxRows() throws SQLException {
    List<String[]> out = new ArrayList<>();
    try (Connection c = db.connection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT kind, idempotency_key, body, panel_event_id FROM outbox ORDER BY id")) {
      while (rs.next()) {
        out.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)});
      }
    }
    return out;
  }

  List<StateStore.AuditRecord> audit() throws SQLException {
    return new StateStore(db).audit(null, null, 100_000);
  }

  /** Arming states sent, as "partition:state" in order, e.g. "all:arming_in_progress". */
  List<String> armingStates() throws Exception {
    return outbox("arming").stream()
        .map(n -> n.get("partition").asText() + ":" + n.get("state").asText())
        .toList();
  }

  @Override
  public void close() {
    engine.close();
    db.close();
  }

  /** Inserts panel_event rows the way the journal does (V1__core.sql). */
  static final class PanelEvents {
    private PanelEvents() {}

    static long insert(
        Database db,
        Instant receivedAt,
        String source,
        String account,
        String format,
        char qualifier,
        String cid,
        String sia,
        Integer partition,
        Integer zone,
        Integer user,
        String category,
        Instant panelTime)
        throws SQLException {
      try (Connection c = db.connection()) {
        return insert(
            c,
            receivedAt,
            source,
            account,
            format,
            qualifier,
            cid,
            sia,
            partition,
            zone,
            user,
            category,
            panelTime);
      }
    }

    static long insert(
        Connection c,
        Instant receivedAt,
        String source,
        String account,
        String format,
        char qualifier,
        String cid,
        String sia,
        Integer partition,
        Integer zone,
        Integer user,
        String category,
        Instant panelTime)
        throws SQLException {
      try (PreparedStatement p =
          c.prepareStatement(
              "INSERT INTO panel_event (received_at, "
                  + "source, account, format, qualifier, cid_code, sia_code, partition_no, zone_no, user_no, panel_time, "
                  + "description, category) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
              Statement.RETURN_GENERATED_KEYS)) {
        p.setObject(1, receivedAt.atOffset(ZoneOffset.UTC));
        p.setString(2, source);
        p.setString(3, account);
        p.setString(4, format);
        p.setString(5, String.valueOf(qualifier));
        p.setString(6, cid);
        p.setString(7, sia);
        p.setObject(8, partition, Types.INTEGER);
        p.setObject(9, zone, Types.INTEGER);
        p.setObject(10, user, Types.INTEGER);
        p.setObject(11, panelTime == null ? null : panelTime.atOffset(ZoneOffset.UTC));
        p.setString(12, "event " + (cid != null ? qualifier + cid : sia));
        p.setString(13, category);
        p.executeUpdate();
        try (ResultSet keys = p.getGeneratedKeys()) {
          keys.next();
          return keys.getLong(1);
        }
      }
    }
  }
}
