package io.chektbridge.daemon.state;

import java.util.Map;
import java.util.TreeMap;

/**
 * The whole site at one moment: partitions, zones, panel troubles, and the id of the last panel
 * event applied. Immutable; the state thread replaces it after each commit, readers take it as is.
 */
public record SiteSnapshot(
    Map<Integer, PartitionSnapshot> partitions,
    Map<Integer, ZoneSnapshot> zones,
    Map<String, SiteTrouble> troubles,
    long cursor) {

  public SiteSnapshot {
    partitions = java.util.Collections.unmodifiableMap(new TreeMap<>(partitions));
    zones = java.util.Collections.unmodifiableMap(new TreeMap<>(zones));
    troubles = java.util.Collections.unmodifiableMap(new TreeMap<>(troubles));
  }

  public static SiteSnapshot empty() {
    return new SiteSnapshot(Map.of(), Map.of(), Map.of(), 0);
  }
}
