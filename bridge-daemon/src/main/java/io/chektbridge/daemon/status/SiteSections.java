package io.chektbridge.daemon.status;

import io.chektbridge.daemon.config.BridgeConfig.Zone;
import io.chektbridge.daemon.outbox.OutboundRecords;
import io.chektbridge.daemon.state.PartitionSnapshot;
import io.chektbridge.daemon.state.SiteLayout;
import io.chektbridge.daemon.state.SiteSnapshot;
import io.chektbridge.daemon.state.SiteView;
import io.chektbridge.daemon.state.ZoneSnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The site state on the status port: the {@code partitions}, {@code zones} and {@code troubles}
 * sections of {@code /status} (the fixed field names in README, plus {@code mapped} and the last
 * code so walk-test can tell a wrong mapping), and each change as it happens on the live {@code
 * /events} stream.
 */
public final class SiteSections {
  private SiteSections() {}

  public static void register(StatusRegistry registry, EventStream events, SiteView site) {
    SiteLayout layout = site.layout();
    registry.section("partitions", () -> partitions(site.snapshot(), layout));
    registry.section("zones", () -> zones(site.snapshot(), layout));
    registry.section("troubles", () -> troubles(site.snapshot()));
    site.onStateChanged((before, after) -> publishChanges(events, before, after, layout));
  }

  /**
   * Each changed partition and zone, as its /status entry, on the live {@code /events} stream
   * (walk-test, HTML page).
   */
  static void publishChanges(
      EventStream events, SiteSnapshot before, SiteSnapshot after, SiteLayout layout) {
    for (Map<String, Object> p : partitions(after, layout)) {
      PartitionSnapshot now = after.partitions().get((Integer) p.get("number"));
      if (!now.equals(before.partitions().get(now.number()))) {
        events.publish("partition", p);
      }
    }
    for (ZoneSnapshot z : after.zones().values()) {
      if (!z.equals(before.zones().get(z.number()))) {
        zones(new SiteSnapshot(Map.of(), Map.of(z.number(), z), Map.of(), 0), layout).stream()
            .filter(m -> m.get("number").equals(z.number()))
            .findFirst()
            .ifPresent(m -> events.publish("zone", m));
      }
    }
  }

  public static List<Map<String, Object>> partitions(SiteSnapshot s, SiteLayout layout) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (PartitionSnapshot p : s.partitions().values()) {
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
  public static List<Map<String, Object>> zones(SiteSnapshot s, SiteLayout layout) {
    Map<Integer, ZoneSnapshot> all = new TreeMap<>(s.zones());
    for (Zone z : layout.configuredZones()) {
      all.putIfAbsent(z.number(), ZoneSnapshot.initial(z.number(), z.partition()));
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (ZoneSnapshot z : all.values()) {
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

  public static List<Map<String, Object>> troubles(SiteSnapshot s) {
    return s.troubles().values().stream()
        .map(
            t -> {
              Map<String, Object> m = new LinkedHashMap<>();
              m.put("kind", t.kind());
              m.put("since", text(t.since()));
              return m;
            })
        .toList();
  }

  /** A time as /status and /audit show it: UTC, or null. */
  static String text(Instant t) {
    return t == null ? null : OutboundRecords.utc(t);
  }
}
