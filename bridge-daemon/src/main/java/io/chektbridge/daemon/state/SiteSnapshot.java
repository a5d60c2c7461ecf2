package io.chektbridge.daemon.state;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The whole site at one moment: partitions, zones, panel troubles, and the id of the last panel
 * event applied. Immutable; the state thread replaces it after each commit, readers take it as is.
 *
 * <p>The maps are sorted maps, so that the copy the state machine makes for every event (and this
 * record's own copy of it) is a linear build, not a hash and a sort: a site of many zones pays for
 * each event in proportion to its zones.
 */
public record SiteSnapshot(
    Map<Integer, PartitionSnapshot> partitions,
    Map<Integer, ZoneSnapshot> zones,
    Map<String, SiteTrouble> troubles,
    long cursor) {

  public SiteSnapshot {
    partitions = Collections.unmodifiableSortedMap(new TreeMap<>(partitions));
    zones = Collections.unmodifiableSortedMap(new TreeMap<>(zones));
    troubles = Collections.unmodifiableSortedMap(new TreeMap<>(troubles));
  }

  public static SiteSnapshot empty() {
    return new SiteSnapshot(Map.of(), Map.of(), Map.of(), 0);
  }
}
