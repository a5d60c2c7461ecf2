package io.chektbridge.daemon.journal;

/**
 * Told when panel events have been copied into the database, where the state engine reads them.
 * Called on the journal's indexer thread: hand off and return.
 */
@FunctionalInterface
public interface CommitListener {
  /** Every panel_event with an id up to {@code maxEventId} is now in the database. */
  void committed(long maxEventId);
}
