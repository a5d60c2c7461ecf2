package io.chektbridge.daemon.outbox;

import java.time.Instant;

/** One outbox row as stored. {@code kind} stays the raw column so a bad row can be reported. */
public record OutboxRecord(
    long id,
    String kind,
    String idempotencyKey,
    String body,
    Instant createdAt,
    String status,
    int attempts,
    Integer lastStatus,
    String lastError,
    Instant deliveredAt,
    DeliveryClass deliveryClass) {

  public boolean isArming() {
    return OutboxKind.ARMING.wireName().equals(kind);
  }
}
