package io.chektbridge.daemon.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A cloud error body, read from either envelope (the CHeKT API contract §8): the flat {@code
 * {"error":"ValidationError","message":"…"}}, the public nested {@code
 * {"error":{"code":"…","message":"…","request_id":"…"}}}, or the OAuth form {@code
 * {"error":"invalid_client","error_description":"…"}}. Anything else keeps a short excerpt.
 */
public record ApiError(String code, String message, String requestId) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public static ApiError parse(String body) {
    if (body == null || body.isBlank()) {
      return new ApiError(null, null, null);
    }
    try {
      JsonNode root = JSON.readTree(body);
      JsonNode error = root.path("error");
      if (error.isObject()) {
        return new ApiError(text(error, "code"), text(error, "message"), text(error, "request_id"));
      }
      String message = text(root, "message");
      return new ApiError(
          error.isTextual() ? error.asText() : null,
          message != null ? message : text(root, "error_description"),
          text(root, "request_id"));
    } catch (Exception e) {
      return new ApiError(null, excerpt(body), null);
    }
  }

  /**
   * One line for the log and the outbox row, e.g. {@code InvalidStateTransition: armed_away →
   * entry… (request_id req_1)}.
   */
  public String describe() {
    StringBuilder b = new StringBuilder(code != null ? code : "error");
    if (message != null) {
      b.append(": ").append(message);
    }
    if (requestId != null) {
      b.append(" (request_id ").append(requestId).append(')');
    }
    return b.toString();
  }

  /**
   * The key was already used with another payload: {@code IdempotencyConflict} (flat) or {@code
   * idempotency_conflict} (the public error page).
   */
  public boolean idempotencyConflict() {
    return "IdempotencyConflict".equals(code) || "idempotency_conflict".equals(code);
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static String excerpt(String body) {
    String oneLine = body.replaceAll("\\s+", " ").trim();
    return oneLine.length() <= 120 ? oneLine : oneLine.substring(0, 117) + "...";
  }
}
