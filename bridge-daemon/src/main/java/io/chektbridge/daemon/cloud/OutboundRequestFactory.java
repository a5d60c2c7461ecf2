package io.chektbridge.daemon.cloud;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns an outbox row into the request of the CHeKT API contract §4 (arming) or §5 (event), checking the body
 * against the contract before anything leaves the bridge ("validate input before sending", §3). It
 * fills in what the writer may not have known: the site id (config's {@code site.id} when the row was
 * written before one was set) and an event's {@code camera_id} from the zone's configured camera.
 */
public final class OutboundRequestFactory {
  static final Pattern UTC_TIMESTAMP = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?Z");
  private static final Set<String> STATES = Set.of("disarmed", "arming_in_progress", "armed_away", "armed_stay",
      "armed_night", "entry_delay", "arm_failure");
  private static final Set<String> SOURCES = Set.of("keypad", "keyfob", "keyswitch", "mobile_app", "web", "schedule", "panel");
  private static final Set<String> USER_SOURCES = Set.of("keypad", "keyfob", "keyswitch", "mobile_app", "web");
  private static final Set<String> MODES = Set.of("away", "stay", "night");
  private static final Set<String> REASONS = Set.of("open_zone", "invalid_user_code", "trouble", "tamper", "other");
  private static final Set<String> EVENT_TYPES = Set.of("alarm", "trouble", "arming");
  private static final Set<String> FORBIDDEN = Set.of("user_code", "pin", "code");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String siteId;
  private final String eventsPath;
  private final Map<Integer, String> zoneCameras;

  public OutboundRequestFactory(String siteId, String eventsPath, Map<Integer, String> zoneCameras) {
    this.siteId = siteId;
    this.eventsPath = eventsPath;
    this.zoneCameras = Map.copyOf(zoneCameras);
  }

  public OutboundRequest prepare(OutboxRecord row) throws InvalidOutboxRowException {
    OutboxKind kind;
    try {
      kind = OutboxKind.of(row.kind());
    } catch (IllegalArgumentException e) {
      throw new InvalidOutboxRowException(e.getMessage());
    }
    ObjectNode body = parse(row.body());
    boolean changed = kind == OutboxKind.ARMING ? checkArming(body) : checkEvent(body);
    String key = withSite(row.idempotencyKey());
    if (key.isEmpty() || key.length() > 255) {
      throw new InvalidOutboxRowException("idempotency_key must be 1-255 characters");
    }
    String path = kind == OutboxKind.ARMING
        ? "/v1/sites/" + URLEncoder.encode(siteId, StandardCharsets.UTF_8) + "/arming-state"
        : eventsPath;
    return new OutboundRequest(row.id(), kind, path, key, changed ? body.toString() : row.body(), changed);
  }

  private boolean checkArming(ObjectNode body) throws InvalidOutboxRowException {
    forbidPins(body);
    String state = oneOf(body, "state", STATES);
    requireText(body, "partition");
    utc(body, "timestamp");
    String source = oneOf(body, "source", SOURCES);
    if (USER_SOURCES.contains(source) && text(body, "user_id") == null) {
      throw new InvalidOutboxRowException("user_id is required when source is " + source + " (user attribution, O4)");
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
      default -> { }
    }
    return false;
  }

  private boolean checkEvent(ObjectNode body) throws InvalidOutboxRowException {
    forbidPins(body);
    requireText(body, "event_id");
    oneOf(body, "event_type", EVENT_TYPES);
    utc(body, "event_time");
    boolean changed = false;
    if (text(body, "site_id") == null) {
      body.put("site_id", siteId);
      changed = true;
    }
    JsonNode zone = body.path("zone").path("number");
    if (text(body, "camera_id") == null && zone.canConvertToInt() && zoneCameras.containsKey(zone.asInt())) {
      body.put("camera_id", zoneCameras.get(zone.asInt()));
      changed = true;
    }
    return changed;
  }

  /** Keys written as {@code evt::…} or {@code evt:null:…} before a site id was configured get the site now. */
  private String withSite(String key) {
    for (String prefix : new String[] {"evt:", "arm:"}) {
      if (key.startsWith(prefix + ":")) {
        return prefix + siteId + key.substring(prefix.length());
      }
      if (key.startsWith(prefix + "null:")) {
        return prefix + siteId + key.substring(prefix.length() + 4);
      }
    }
    return key;
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
        throw new InvalidOutboxRowException("body holds '" + f + "': PINs and user codes never leave the bridge");
      }
    }
  }

  private static String oneOf(ObjectNode body, String field, Set<String> allowed) throws InvalidOutboxRowException {
    String v = requireText(body, field);
    if (!allowed.contains(v)) {
      throw new InvalidOutboxRowException(field + " '" + v + "' is not one of " + new java.util.TreeSet<>(allowed));
    }
    return v;
  }

  private static void utc(ObjectNode body, String field) throws InvalidOutboxRowException {
    String v = requireText(body, field);
    if (!UTC_TIMESTAMP.matcher(v).matches()) {
      throw new InvalidOutboxRowException(field + " '" + v + "' is not an RFC 3339 UTC time ending in Z");
    }
  }

  private static void nonNegativeInt(ObjectNode body, String field) throws InvalidOutboxRowException {
    JsonNode v = body.get(field);
    if (v == null || !v.isIntegralNumber() || v.asLong() < 0) {
      throw new InvalidOutboxRowException(field + " must be a whole number of seconds >= 0");
    }
  }

  private static String requireText(ObjectNode body, String field) throws InvalidOutboxRowException {
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
