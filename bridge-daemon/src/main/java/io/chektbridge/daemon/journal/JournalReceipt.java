package io.chektbridge.daemon.journal;

import java.util.List;

/**
 * What the journal did with a message, once it is durable on disk.
 *
 * @param messageId the stored inbound_message id (of the original, for a duplicate)
 * @param eventIds the panel_event ids, in the message's order (the original's, for a duplicate)
 * @param duplicate true when this was a retransmission of a message already stored: nothing new was
 *     written
 */
public record JournalReceipt(long messageId, List<Long> eventIds, boolean duplicate) {
  public JournalReceipt {
    eventIds = List.copyOf(eventIds);
  }
}
