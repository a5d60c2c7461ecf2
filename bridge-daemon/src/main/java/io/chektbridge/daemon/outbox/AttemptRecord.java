package io.chektbridge.daemon.outbox;

import java.time.Instant;

/**
 * One delivery attempt of one outbox row, as cloud sync records it: the row's mark and the cloud
 * audit line (the CHeKT API contract O5) are written together from it. {@code httpStatus} is null
 * when no answer came; {@code nextAttempt} only matters for {@link Outcome#RETRY}.
 */
public record AttemptRecord(
    long outboxId,
    String idempotencyKey,
    DeliveryClass deliveryClass,
    Outcome outcome,
    Integer httpStatus,
    String detail,
    Instant nextAttempt,
    long latencyMs) {

  /** What the attempt did to the row. */
  public enum Outcome {
    /** Accepted (or replayed) by the cloud: the row is delivered. */
    DELIVERED,
    /** Failed, will be tried again: the row stays pending. */
    RETRY,
    /** Refused for good: the row is a dead letter. */
    DEAD;

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
