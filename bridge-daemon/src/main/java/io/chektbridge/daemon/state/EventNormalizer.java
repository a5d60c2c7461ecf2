package io.chektbridge.daemon.state;

import io.chektbridge.daemon.journal.StoredEvent;

/**
 * Turns a stored panel event into a {@link SiteEvent}: its meaning from the code table, its
 * partitions from the layout.
 */
public final class EventNormalizer {
  private final MeaningTable table;
  private final SiteLayout layout;

  public EventNormalizer(MeaningTable table, SiteLayout layout) {
    this.table = table;
    this.layout = layout;
  }

  public SiteEvent normalize(StoredEvent r) {
    CodeMapping mapping =
        table.lookup(r.format(), r.qualifier(), r.cidCode(), r.siaCode(), r.category());
    return new SiteEvent(
        r, mapping, layout.resolve(r.partition(), r.zone()), r.zone(), r.user(), r.receivedAt());
  }
}
