package io.chektbridge.daemon.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chektbridge.daemon.config.BridgeConfig.Zone;
import io.chektbridge.daemon.state.StateStore.AuditRecord;
import io.chektbridge.daemon.status.StatusRegistry;
import io.chektbridge.daemon.status.StatusServer;
import io.chektbridge.daemon.status.StatusServer.Response;
import java.sql.SQLException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Publishes the site state on the status port: the {@code partitions}, {@code zones} and
 * {@code troubles} sections of {@code /status} (the fixed field names in README, plus {@code mapped} and
 * the last code so walk-test can tell a wrong mapping), and {@code GET /audit?since=&partition=&limit=}:
 * the newest {@code limit} matching lines (default 1000) in time order, with the number that matched
 * in the {@code X-Total-Count} header.
 */
public final class StateStatus {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(StateStatus.class);
  public static final int MAX_AUDIT_LINES = 10_000;
  /** On {@code /audit}: how many lines matched, of which the newest {@code limit} were sent. */
  public static final String TOTAL_HEADER = "X-Total-Count";
  private static final ObjectMapper JSON = new ObjectMapper();

  private StateStatus() {
  }

  public static void register(StatusRegistry registry, StatusServer server, SiteStateEngine engine, StateStore store) {
    register(registry, server, engine, store, null);
  }

  /** As above; {@code cloudAudit} answers {@code /audit?cloud=1} (every cloud delivery attempt) when given. */
  public static void register(StatusRegistry registry, StatusServer server, SiteStateEngine engine, StateStore store,
      java.util.function.Function<Map<String, String>, Response> cloudAudit) {
    SiteLayout layout = engine.layout();
    registry.section("partitions", () -> partitions(engine.snapshot(), layout));
    registry.section("zones", () -> zones(engine.snapshot(), layout));
    registry.section("troubles", () -> troubles(engine.snapshot()));
    server.route("/audit", r -> cloudAudit != null && "1".equals(r.query().get("cloud")) ? cloudAudit.apply(r.query())
        : audit(store, r.query()));
    engine.onStateChanged((before, after) -> publishChanges(server, before, after, layout));
  }

  /** Each changed partition and zone, as its /status entry, on the live {@code /events} stream (walk-test, HTML page). */
  static void publishChanges(StatusServer server, SiteState before, SiteState after, SiteLayout layout) {
    for (Map<String, Object> p : partitions(after, layout)) {
      PartitionStatus now = after.partitions().get((Integer) p.get("number"));
      if (!now.equals(before.partitions().get(now.number()))) {
        server.events().publish("partition", p);
      }
    }
    for (ZoneStatus z : after.zones().values()) {
      if (!z.equals(before.zones().get(z.number()))) {
        zones(new SiteState(Map.of(), Map.of(z.number(), z), Map.of(), 0), layout).stream()
            .filter(m -> m.get("number").equals(z.number())).findFirst()
            .ifPresent(m -> server.events().publish("zone", m));
      }
    }
  }

  public static List<Map<String, Object>> partitions(SiteState s, SiteLayout layout) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (PartitionStatus p : s.partitions().values()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("number", p.number());
      m.put("name", layout.partition(p.number()).name());
      m.put("state", p.state().wireName());
      m.put("since", text(p.since()));
      m.put("user", p.user() == null ? null : p.user().toString());
      m.put("target_mode", p.targetMode() == null ? null : p.targetMode().wireName());
      m.put("delay_ends", text(p.delayEnds()));
      m.put("source", p.source() == null ? null : p.source().wireName());
      m.put("armed_mode", p.armedMode() == null ? null : p.armedMode().wireName());
      m.put("cloud_state", p.cloudState().wireName());
      m.put("mapped", layout.partitionMapped(p.number()));
      out.add(m);
    }
    return out;
  }

  /** Every configured zone (seen or not) and every zone the panel reported. */
  public static List<Map<String, Object>> zones(SiteState s, SiteLayout layout) {
    Map<Integer, ZoneStatus> all = new TreeMap<>(s.zones());
    for (Zone z : layout.configuredZones()) {
      all.putIfAbsent(z.number(), ZoneStatus.initial(z.number(), z.partition()));
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (ZoneStatus z : all.values()) {
      boolean mapped = layout.zoneMapped(z.number());
      Zone config = layout.zone(z.number());
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("number", z.number());
      m.put("name", config.name());
      m.put("partition", z.partition());
      m.put("type", mapped ? config.type().wireName() : null);
      m.put("state", z.shownState().wireName());
      m.put("bypassed", z.bypassed());
      m.put("alarm_memory", z.alarmMemory());
      m.put("last_event", text(z.lastEvent()));
      m.put("last_code", z.lastCode());
      m.put("last_meaning", z.lastMeaning() == null ? null : z.lastMeaning().wireName());
      m.put("mapped", mapped);
      m.put("configured_partition", mapped ? config.partition() : null);
      m.put("camera_id", mapped ? config.cameraId() : null);
      out.add(m);
    }
    return out;
  }

  public static List<Map<String, Object>> troubles(SiteState s) {
    return s.troubles().values().stream().map(t -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("kind", t.kind());
      m.put("since", text(t.since()));
      return m;
    }).toList();
  }

  static Response audit(StateStore store, Map<String, String> query) {
    Instant since;
    Integer partition;
    int limit;
    try {
      since = query.containsKey("since") ? Instant.parse(query.get("since")) : null;
      partition = query.containsKey("partition") ? Integer.valueOf(query.get("partition")) : null;
      limit = query.containsKey("limit") ? Integer.parseInt(query.get("limit")) : 1000;
    } catch (DateTimeParseException | NumberFormatException e) {
      return Response.text(400, "bad query: since is a UTC time like 2026-01-15T10:30:00Z; partition and limit are numbers\n");
    }
    if (limit < 1 || limit > MAX_AUDIT_LINES) {
      return Response.text(400, "bad query: limit must be from 1 to " + MAX_AUDIT_LINES + ", not " + limit + "\n");
    }
    try {
      StateStore.AuditPage page = store.latestAudit(since, partition, limit);
      List<Map<String, Object>> rows = page.lines().stream().map(StateStatus::auditJson).toList();
      return new Response(200, "application/json", JSON.writeValueAsBytes(rows),
          Map.of(TOTAL_HEADER, Long.toString(page.matching())));
    } catch (SQLException e) {
      // the SQL text helps nobody reading the page; the log keeps it
      LOG.warn("Audit trail not readable: {}", e.getMessage());
      return Response.text(503, "audit trail not readable now (database busy or failing); try again\n");
    } catch (JsonProcessingException e) {
      return Response.text(500, "audit rendering failed\n");
    }
  }

  public static Map<String, Object> auditJson(AuditRecord r) {
    AuditEntry a = r.entry();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", r.id());
    m.put("at", text(a.at()));
    m.put("partition", a.partition());
    m.put("zone", a.zone());
    m.put("from", a.from());
    m.put("to", a.to());
    m.put("user", a.user() == null ? null : a.user().toString());
    m.put("source", a.source() == null ? null : a.source().wireName());
    m.put("panel_event_id", a.panelEventId());
    m.put("outcome", a.outcome().wireName());
    m.put("detail", a.detail());
    return m;
  }

  private static String text(Instant t) {
    return t == null ? null : io.chektbridge.daemon.outbox.OutboundRecords.utc(t);
  }
}
