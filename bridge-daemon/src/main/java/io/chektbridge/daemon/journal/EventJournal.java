package io.chektbridge.daemon.journal;

import java.util.concurrent.CompletableFuture;
import java.util.function.LongConsumer;

/**
 * The durable record of everything the panels sent. A link appends a message and acknowledges the
 * panel only when the returned future completes: by then the message and its events are committed
 * and on disk. A future that completes exceptionally ({@link JournalUnavailableException}) means
 * "not stored": answer nothing, the panel retries.
 */
public interface EventJournal extends AutoCloseable {
  CompletableFuture<JournalReceipt> append(InboundMessage message);

  /**
   * Registers a listener told the highest panel_event id committed so far, after each durable commit
   * that wrote events. Called on the journal's writer thread: keep it short (hand off and return).
   */
  void onCommit(LongConsumer listener);

  @Override
  void close();
}
