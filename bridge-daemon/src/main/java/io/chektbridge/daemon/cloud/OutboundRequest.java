package io.chektbridge.daemon.cloud;

/**
 * An outbox row ready to send: the path under the base URL, the Idempotency-Key and the exact JSON
 * body. {@code bodyChanged} says the body differs from the stored one (site id or camera filled in),
 * so the store freezes it before the first send and retries send identical bytes.
 */
public record OutboundRequest(long outboxId, OutboxKind kind, String path, String idempotencyKey, String body,
    boolean bodyChanged) {
}
