package io.chektbridge.daemon.outbox;

import java.time.Instant;

/**
 * Outbox depth for the status port and SYNC_LATE: pending rows, the oldest one's creation, dead
 * letters, and rows set aside at the cap (they return to the queue by themselves).
 */
public record OutboxStats(long pending, Instant oldestPending, long deadLetter, long setAside) {}
