package io.chektbridge.daemon.outbox;

import java.time.Instant;

/** Outbox depth for the status port and SYNC_LATE: pending rows, the oldest one's creation, dead letters. */
public record OutboxStats(long pending, Instant oldestPending, long deadLetter) {
}
