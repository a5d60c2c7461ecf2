package io.chektbridge.daemon.journal;

import java.util.List;

/**
 * Told when panel events have been copied into the database. Called on the journal's indexer
 * thread: hand off and return.
 */
@FunctionalInterface
public interface CommitListener {
  /** Every panel_event with an id up to {@code maxEventId} is now in the database. */
  void committed(long maxEventId);

  /**
   * The events one copy has just committed, in id order (never empty), as {@link PanelEventTable}
   * would read them back: a listener may use them instead of reading the rows again.
   */
  default void committed(List<StoredEvent> events) {
    committed(events.get(events.size() - 1).id());
  }
}
