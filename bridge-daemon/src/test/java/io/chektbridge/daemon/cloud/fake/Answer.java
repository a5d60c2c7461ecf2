package io.chektbridge.daemon.cloud.fake;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One answer of the fake cloud: status, JSON body, and headers the HTTP layer adds to (rate limits,
 * trace id).
 */
record Answer(int status, String body, Map<String, String> headers) {
  private static final ObjectMapper JSON = new ObjectMapper();

  static Answer json(int status, Object body) {
    return new Answer(status, body.toString(), new LinkedHashMap<>());
  }

  /** The contract's error form: {@code {"error": name, "message": message}}. */
  static Answer error(int status, String name, String message) {
    return json(status, JSON.createObjectNode().put("error", name).put("message", message));
  }

  /** A 400 naming the missing or invalid field. */
  static Answer validation(String field) {
    ObjectNode details = JSON.createObjectNode().put("field", field).put("required", true);
    ObjectNode e =
        JSON.createObjectNode()
            .put("error", "ValidationError")
            .put("message", "Missing or invalid field: " + field);
    e.set("details", details);
    return json(400, e);
  }
}
