package io.chektbridge.daemon.outbox;

import java.time.Instant;

/**
 * One row to queue for the cloud, complete: the body is the exact JSON that will be sent and the
 * key the Idempotency-Key, so sending never parses or rewrites it.
 */
public record OutboxRow(
    OutboxKind kind,
    String idempotencyKey,
    String body,
    Long panelEventId,
    Instant createdAt,
    DeliveryClass deliveryClass) {}
