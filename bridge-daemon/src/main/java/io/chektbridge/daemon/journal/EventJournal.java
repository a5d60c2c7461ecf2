package io.chektbridge.daemon.journal;

import java.util.concurrent.CompletableFuture;

/**
 * The durable record of everything the panels sent. A link appends a message and acknowledges the
 * panel only when the returned future completes: by then the message and its events are synced to
 * disk. A future that completes exceptionally ({@link JournalUnavailableException}) means "not
 * stored": answer nothing, the panel retries.
 */
public interface EventJournal extends AutoCloseable {
  /**
   * Appends through the journal's own writer thread, which completes the future (for links that
   * cannot wait).
   */
  CompletableFuture<JournalReceipt> append(InboundMessage message);

  /**
   * Appends from the calling thread without waiting: the future completes in this thread's next
   * {@link #flush}, which the caller must make after its appends (a netty event loop once per
   * turn).
   */
  CompletableFuture<JournalReceipt> appendHere(InboundMessage message);

  /**
   * Makes everything this thread appended with {@link #appendHere} durable (one group commit shared
   * with every other thread appending now) and completes its futures here. Blocks for about one
   * sync.
   */
  void flush();

  /**
   * Registers a listener told the highest panel_event id in the database, each time more arrive
   * there.
   */
  void onCommit(CommitListener listener);

  @Override
  void close();
}
