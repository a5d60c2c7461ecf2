package io.chektbridge.daemon.cloud;

import java.time.Instant;

/** One outbox row as cloud sync reads it. {@code kind} stays the raw column so a bad row can be reported. */
public record OutboxRecord(
    long id, String kind, String idempotencyKey, String body, Instant createdAt, String status,
    int attempts, Integer lastStatus, String lastError, Instant deliveredAt) {
}
