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
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A real H2 database, the real engine and a manual clock and state thread. Panel events go in as
 * panel_event rows (as the journal writes them), then the engine is told of the commit, exactly as
 * in the daemon. Reads back state, audit lines and outbox rows.
 */
final class StateHarness implements AutoCloseable {
  static final Instant T0 = Instant.parse("2026-01-15T10:00:00Z");
  static final String SITE_ID = "site_abc123";
  static final Partition HOUSE =
      new Partition(1, "House", Duration.ofSeconds(60), Duration.ofSeconds(30));

  /** A panel that reports an open zone as E750, as the seed-000 scenarios' panel does. */
  static final List<EventMapEntry> E750_ZONE_OPEN =
      List.of(new EventMapEntry("CID E750", Meaning.ZONE_OPEN));

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
  SiteStateEngine engine;

  /** How the engine's store is made; a test may wrap its transactions. */
  java.util.function.Function<Database, StateStore> stores = StateStore::new;

  StateHarness(Path dir, List<Partition> partitions, List<Zone> zones, List<EventMapEntry> eventMap)
      throws Exception {
    this.dir = dir;
    this.clock = new ManualClock(T0);
    this.thread = new ManualStateThread(clock);
    this.alerts = new Alerts(clock);
    this.partitions = partitions;
    this.zones = zones;
    this.eventMap = eventMap;
    this.db = Database.open(dir);
    start();
  }

  /**
   * The seed-000 site: partition 1 "House" (60 s exit, 30 s entry), Front Door zone 3 and Back Door
   * zone 5 (entry/exit), Hall PIR zone 7.
   */
  static StateHarness house(Path dir) throws Exception {
    return house(dir, List.of());
  }

  /** The seed-000 site whose panel reports the codes of {@code eventMap} as their meanings. */
  static StateHarness house(Path dir, List<EventMapEntry> eventMap) throws Exception {
    return new StateHarness(dir, List.of(HOUSE), houseZones(1), eventMap);
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
            SITE_ID,
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
    return receive(PanelEventRow.contactId(clock.instant(), qualifiedCode, partition, zone, user));
  }

  long sia(
      String code, char qualifier, Integer partition, Integer zone, Integer user, String category)
      throws SQLException {
    return receive(
        PanelEventRow.sia(clock.instant(), code, qualifier, partition, zone, user, category));
  }

  /** Stores the row and tells the engine of the commit, as the journal does. */
  long receive(PanelEventRow row) throws SQLException {
    long id = row.insertInto(db);
    engine.committed(id);
    thread.runPending();
    return id;
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
}
