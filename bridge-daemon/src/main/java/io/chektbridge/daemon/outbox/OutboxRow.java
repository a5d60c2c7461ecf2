package io.chektbridge.daemon.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * One row to queue for the cloud, complete: the body is the exact JSON that will be sent and the
 * key the Idempotency-Key, so sending never parses or rewrites it. {@code refusal} is the cloud
 * contract's verdict on it ({@link OutboxRules}), decided when the row is made: {@code null} when
 * it may be sent, else why it is stored as a dead letter.
 */
public record OutboxRow(
    OutboxKind kind,
    String idempotencyKey,
    String body,
    Long panelEventId,
    Instant createdAt,
    DeliveryClass deliveryClass,
    String refusal) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A row whose body exists only as text: the rules read it back to judge it. */
  public OutboxRow(
      OutboxKind kind,
      String idempotencyKey,
      String body,
      Long panelEventId,
      Instant createdAt,
      DeliveryClass deliveryClass) {
    this(
        kind,
        idempotencyKey,
        body,
        panelEventId,
        createdAt,
        deliveryClass,
        OutboxRules.refusal(kind, idempotencyKey, body));
  }

  /**
   * A row rendered from {@code body}: judged on the tree and written once, so the hot path neither
   * writes, parses and rewrites a body nor judges it twice.
   */
  static OutboxRow rendered(
      OutboxKind kind,
      String idempotencyKey,
      ObjectNode body,
      Long panelEventId,
      Instant createdAt,
      DeliveryClass deliveryClass) {
    String refusal = OutboxRules.refusal(kind, idempotencyKey, body);
    try {
      return new OutboxRow(
          kind,
          idempotencyKey,
          JSON.writeValueAsString(body),
          panelEventId,
          createdAt,
          deliveryClass,
          refusal);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render outbox body", e);
    }
  }
}
