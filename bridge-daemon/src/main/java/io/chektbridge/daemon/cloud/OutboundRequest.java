package io.chektbridge.daemon.cloud;

/**
 * One request ready to send: the path under the base URL, the Idempotency-Key (null for a bulk
 * request, whose items carry their own) and the exact JSON body.
 */
public record OutboundRequest(String path, String idempotencyKey, String body) {}
