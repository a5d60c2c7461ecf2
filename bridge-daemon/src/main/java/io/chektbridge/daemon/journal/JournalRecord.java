package io.chektbridge.daemon.journal;

import java.util.ArrayList;
import java.util.List;

/**
 * A message as the journal keeps it: with the ids it was given when it was appended. The ids are
 * fixed there, not by the database, so replaying the log after a crash gives every message and
 * event the id it had before: the cloud's Idempotency-Keys, derived from event ids, stay the same.
 *
 * @param messageId the inbound_message id (the record's seq in the log)
 * @param firstEventId the panel_event id of the message's first event; the others follow in order
 * @param message the message itself
 */
public record JournalRecord(long messageId, long firstEventId, InboundMessage message) {

  /** The panel_event ids of the message's events, in order. */
  public List<Long> eventIds() {
    List<Long> ids = new ArrayList<>(message.events().size());
    for (int i = 0; i < message.events().size(); i++) {
      ids.add(firstEventId + i);
    }
    return ids;
  }

  /** The id the next message's first event gets. */
  public long nextEventId() {
    return firstEventId + message.events().size();
  }
}
