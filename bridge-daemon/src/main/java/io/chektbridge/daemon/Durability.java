package io.chektbridge.daemon;

import io.chektbridge.daemon.journal.SegmentLog;

/**
 * Whether the bridge syncs the journal and the database to disk before it acknowledges. A bridge
 * always runs {@link #SYNCED}: {@code chekt-bridge run} has no way to choose otherwise. {@link
 * #UNSYNCED} is for the load benchmark alone, which measures what the syncs cost with its own
 * launcher; a power cut would lose acknowledged events.
 */
public enum Durability {
  SYNCED,
  UNSYNCED;

  SegmentLog.Sync journalSync() {
    return this == SYNCED ? SegmentLog.Sync.DATA : channel -> {};
  }
}
