package io.chektbridge.daemon.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The CHeKT API contract's rules for what may leave the bridge (§3 "validate input before sending",
 * §4.1, §5), checked once when a row is written: a row that breaks them is stored as a dead letter
 * with the reason and never sent. Sending then trusts the stored bytes.
 */
public final class OutboxRules {
  static final Pattern UTC_TIMESTAMP =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?Z");
  private static final Set<String> STATES =
      Set.of(
          "disarmed",
          "arming_in_progress",
          "armed_away",
          "armed_stay",
          "armed_night",
          "entry_delay",
          "arm_failure");
  private static final Set<String> SOURCES =
      Set.of("keypad", "keyfob", "keyswitch", "mobile_app", "web", "schedule", "panel");
  private static final Set<String> USER_SOURCES =
      Set.of("keypad", "keyfob", "keyswitch", "mobile_app", "web");
  private static final Set<String> MODES = Set.of("away", "stay", "night");
  private static final Set<String> REASONS =
      Set.of("open_zone", "invalid_user_code", "trouble", "tamper", "other");
  private static final Set<String> EVENT_TYPES = Set.of("alarm", "trouble", "arming");
  private static final Set<String> FORBIDDEN = Set.of("user_code", "pin", "code");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String REFUSED = "not sent, breaks the cloud contract: ";

  private OutboxRules() {}

  /**
   * Why a row may not be sent ("not sent, breaks the cloud contract: ..."), or {@code null} when it
   * may. For a body that exists only as text (a row made by hand, a repaired one).
   */
  static String refusal(OutboxKind kind, String idempotencyKey, String body) {
    try {
      return refusal(kind, idempotencyKey, parse(body));
    } catch (InvalidOutboxRowException e) {
      return REFUSED + e.getMessage();
    }
  }

  /** The same for a body still in its tree form: checked before it is written, never re-read. */
  static String refusal(OutboxKind kind, String idempotencyKey, ObjectNode body) {
    try {
      check(kind, idempotencyKey, body);
      return null;
    } catch (InvalidOutboxRowException e) {
      return REFUSED + e.getMessage();
    }
  }

  /** Throws with the broken rule; returns normally for a row that may be sent. */
  private static void check(OutboxKind kind, String idempotencyKey, ObjectNode json)
      throws InvalidOutboxRowException {
    if (kind == OutboxKind.ARMING) {
      checkArming(json);
    } else {
      checkEvent(json);
    }
    if (idempotencyKey.isEmpty() || idempotencyKey.length() > 255) {
      throw new InvalidOutboxRowException("idempotency_key must be 1-255 characters");
    }
  }

  private static void checkArming(ObjectNode body) throws InvalidOutboxRowException {
    forbidPins(body);
    String state = oneOf(body, "state", STATES);
    requireText(body, "partition");
    utc(body, "timestamp");
    String source = oneOf(body, "source", SOURCES);
    if (USER_SOURCES.contains(source) && text(body, "user_id") == null) {
      throw new InvalidOutboxRowException(
          "user_id is required when source is " + source + " (user attribution, O4)");
    }
    switch (state) {
      case "arming_in_progress" -> {
        oneOf(body, "target_mode", MODES);
        nonNegativeInt(body, "exit_delay_seconds");
      }
      case "entry_delay" -> nonNegativeInt(body, "entry_delay_seconds");
      case "arm_failure" -> {
        if ("open_zone".equals(oneOf(body, "reason", REASONS)) && body.path("zones").isEmpty()) {
          throw new InvalidOutboxRowException("zones are required when reason is open_zone");
        }
      }
      default -> {}
    }
  }

  private static void checkEvent(ObjectNode body) throws InvalidOutboxRowException {
    forbidPins(body);
    requireText(body, "event_id");
    oneOf(body, "event_type", EVENT_TYPES);
    utc(body, "event_time");
  }

  private static ObjectNode parse(String body) throws InvalidOutboxRowException {
    try {
      JsonNode node = JSON.readTree(body);
      if (node instanceof ObjectNode o) {
        return o;
      }
    } catch (JsonProcessingException e) {
      throw new InvalidOutboxRowException("body is not JSON (" + e.getOriginalMessage() + ")");
    }
    throw new InvalidOutboxRowException("body is not a JSON object");
  }

  private static void forbidPins(ObjectNode body) throws InvalidOutboxRowException {
    for (String f : FORBIDDEN) {
      if (body.has(f)) {
        throw new InvalidOutboxRowException(
            "body holds '" + f + "': PINs and user codes never leave the bridge");
      }
    }
  }

  private static String oneOf(ObjectNode body, String field, Set<String> allowed)
      throws InvalidOutboxRowException {
    String v = requireText(body, field);
    if (!allowed.contains(v)) {
      throw new InvalidOutboxRowException(
          field + " '" + v + "' is not one of " + new java.util.TreeSet<>(allowed));
    }
    return v;
  }

  private static void utc(ObjectNode body, String field) throws InvalidOutboxRowException {
    String v = requireText(body, field);
    if (!UTC_TIMESTAMP.matcher(v).matches()) {
      throw new InvalidOutboxRowException(
          field + " '" + v + "' is not an RFC 3339 UTC time ending in Z");
    }
  }

  private static void nonNegativeInt(ObjectNode body, String field)
      throws InvalidOutboxRowException {
    JsonNode v = body.get(field);
    if (v == null || !v.isIntegralNumber() || v.asLong() < 0) {
      throw new InvalidOutboxRowException(field + " must be a whole number of seconds >= 0");
    }
  }

  private static String requireText(ObjectNode body, String field)
      throws InvalidOutboxRowException {
    String v = text(body, field);
    if (v == null) {
      throw new InvalidOutboxRowException(field + " is required");
    }
    return v;
  }

  private static String text(JsonNode body, String field) {
    JsonNode v = body.get(field);
    return v == null || v.isNull() || !v.isValueNode() || v.asText().isEmpty() ? null : v.asText();
  }
}
