package io.chektbridge.daemon.journal;

import java.util.concurrent.CompletableFuture;

/**
 * The durable record of everything the panels sent. A link appends a message and acknowledges the
 * panel only when the returned future completes: by then the message and its events are synced to
 * disk. A future that completes exceptionally ({@link JournalUnavailableException}) means
 * "not stored": answer nothing, the panel retries.
 */
public interface EventJournal extends AutoCloseable {
  CompletableFuture<JournalReceipt> append(InboundMessage message);

  /** Registers a listener told the highest panel_event id in the database, each time more arrive there. */
  void onCommit(CommitListener listener);

  @Override
  void close();
}
