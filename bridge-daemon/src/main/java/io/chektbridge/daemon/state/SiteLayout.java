package io.chektbridge.daemon.state;

import io.chektbridge.daemon.config.BridgeConfig;
import io.chektbridge.daemon.config.BridgeConfig.Partition;
import io.chektbridge.daemon.config.BridgeConfig.Zone;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The site as the installer configured it: partitions with their delays, zones with name, type,
 * partition and camera. A site without a partitions list has one partition, number 1, with the
 * default delays. Numbers the config does not name still work; they are "unmapped".
 */
public final class SiteLayout {
  private final Map<Integer, Partition> partitions = new LinkedHashMap<>();
  private final Map<Integer, Zone> zones = new LinkedHashMap<>();
  private final boolean implicitPartition;

  public SiteLayout(List<Partition> partitions, List<Zone> zones) {
    for (Partition p : partitions) {
      this.partitions.put(p.number(), p);
    }
    implicitPartition = this.partitions.isEmpty();
    if (implicitPartition) {
      this.partitions.put(1, new Partition(1, null, null, null));
    }
    for (Zone z : zones) {
      this.zones.put(z.number(), z);
    }
  }

  public static SiteLayout of(BridgeConfig config) {
    return new SiteLayout(config.partitions(), config.zones());
  }

  /** One partition in the config (or none configured): partition 0 then means that one. */
  public boolean singlePartition() {
    return partitions.size() == 1;
  }

  public List<Integer> configuredPartitions() {
    return List.copyOf(partitions.keySet());
  }

  public boolean partitionMapped(int number) {
    return partitions.containsKey(number) && !implicitPartition;
  }

  public boolean zoneMapped(int number) {
    return zones.containsKey(number);
  }

  /** The partition's config, or the defaults for one the config does not name. */
  public Partition partition(int number) {
    Partition p = partitions.get(number);
    return p != null ? p : new Partition(number, null, null, null);
  }

  /** The zone's config, or a stand-in (name "Zone N", no type, no camera) for an unmapped zone. */
  public Zone zone(int number) {
    Zone z = zones.get(number);
    return z != null ? z : new Zone(number, null, null, null, null);
  }

  public List<Zone> configuredZones() {
    return List.copyOf(zones.values());
  }

  public Duration exitDelay(int partition) {
    return partition(partition).exitDelay();
  }

  public Duration entryDelay(int partition) {
    return partition(partition).entryDelay();
  }

  /**
   * The partitions an event applies to. The event's own partition wins; without one (absent, or
   * Contact ID group 00) a mapped zone's partition; else the single partition of a one-partition
   * site, else every partition of the site.
   */
  public List<Integer> resolve(Integer eventPartition, Integer zone) {
    if (eventPartition != null && eventPartition > 0) {
      return List.of(eventPartition);
    }
    if (zone != null && zones.containsKey(zone)) {
      return List.of(zones.get(zone).partition());
    }
    return new ArrayList<>(partitions.keySet())
        .subList(0, singlePartition() ? 1 : partitions.size());
  }
}
