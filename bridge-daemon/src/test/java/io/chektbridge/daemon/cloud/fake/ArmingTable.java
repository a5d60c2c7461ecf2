package io.chektbridge.daemon.cloud.fake;

import static io.chektbridge.daemon.cloud.fake.Answer.error;
import static io.chektbridge.daemon.cloud.fake.Answer.validation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The fake cloud's arming state (§4): each site's partitions, the §4.2 transition table, the stale
 * check, the required fields per state, and the audit of every arming record it was sent.
 */
final class ArmingTable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> MODES = Set.of("armed_away", "armed_stay", "armed_night");
  private static final Set<String> USER_SOURCES =
      Set.of("keypad", "keyfob", "keyswitch", "mobile_app", "web");

  private final FakeClock clock;
  private final Map<String, Map<String, PartitionState>> sites = new HashMap<>();
  private final List<ArmingAudit> audit = new ArrayList<>();

  private static final class PartitionState {
    String state = "disarmed";
    String armedMode;
    String targetMode;
    Instant lastTimestamp;
  }

  ArmingTable(FakeClock clock) {
    this.clock = clock;
  }

  /** Seeds a site with its partitions, all in {@code initialState}. */
  /** Seeds a site with its partitions, all in {@code initialState}. */
  synchronized void site(String siteId, String initialState, String... partitions) {
    Map<String, PartitionState> p = new LinkedHashMap<>();
    for (String id : partitions.length == 0 ? new String[] {"1"} : partitions) {
      PartitionState s = new PartitionState();
      s.state = initialState;
      s.armedMode = MODES.contains(initialState) ? initialState : null;
      p.put(id, s);
    }
    sites.put(siteId, p);
  }

  synchronized boolean hasSite(String siteId) {
    return sites.containsKey(siteId);
  }

  synchronized String state(String siteId, String partition) {
    return sites.get(siteId).get(partition).state;
  }

  synchronized List<ArmingAudit> audit() {
    return List.copyOf(audit);
  }

  /** §4.1: checks and applies one arming record, and logs it in the audit whatever the answer. */
  synchronized Answer arming(String siteId, ObjectNode b, String key) {
    Answer a = armingChecked(siteId, b);
    String outcome = a.body();
    try {
      outcome = a.status() == 200 ? "accepted" : JSON.readTree(a.body()).path("error").asText();
    } catch (IOException ignored) {
      // keep the raw text
    }
    audit.add(
        new ArmingAudit(
            clock.now(),
            siteId,
            b.path("partition").asText(null),
            b.toString(),
            b.path("user_id").asText(null),
            a.status(),
            outcome,
            key));
    return a;
  }

  private Answer armingChecked(String siteId, ObjectNode b) {
    Map<String, PartitionState> site = sites.get(siteId);
    if (site == null) {
      return error(404, "NotFound", "unknown site " + siteId);
    }
    if (b.has("user_code") || b.has("pin")) {
      return error(400, "ValidationError", "user_code must not be sent");
    }
    for (String f : List.of("state", "partition", "timestamp", "source")) {
      if (!b.hasNonNull(f)) {
        return validation(f);
      }
    }
    String to = b.get("state").asText();
    String source = b.get("source").asText();
    if (USER_SOURCES.contains(source) && b.path("user_id").asText("").isEmpty()) {
      return validation("user_id");
    }
    Answer time = clock.checkTime(b.get("timestamp").asText(), "timestamp");
    if (time != null) {
      return time;
    }
    Answer fields = stateFields(to, b);
    if (fields != null) {
      return fields;
    }
    String partition = b.get("partition").asText();
    List<PartitionState> targets =
        partition.equals("all")
            ? List.copyOf(site.values())
            : site.containsKey(partition) ? List.of(site.get(partition)) : List.of();
    if (targets.isEmpty()) {
      return error(400, "ValidationError", "unknown partition " + partition);
    }
    Instant ts = Instant.parse(b.get("timestamp").asText());
    for (PartitionState p : targets) {
      if (p.lastTimestamp != null && ts.isBefore(p.lastTimestamp)) {
        return error(409, "StaleState", "timestamp older than the last applied change");
      }
      if (!allowed(p, to, b.path("target_mode").asText(null))) {
        return error(409, "InvalidStateTransition", p.state + " -> " + to + " is not allowed");
      }
    }
    String previous = targets.get(0).state;
    boolean changed = false;
    for (PartitionState p : targets) {
      changed |= apply(p, to, b.path("target_mode").asText(null));
      p.lastTimestamp = ts;
    }
    ObjectNode out =
        JSON.createObjectNode()
            .put("site_id", siteId)
            .put("partition", partition)
            .put("state", targets.get(0).state)
            .put("previous_state", previous)
            .put("changed", changed)
            .put("timestamp", b.get("timestamp").asText())
            .put("received_at", clock.now().toString())
            .put("audit_id", "aud_" + UUID.randomUUID());
    if (to.equals("arm_failure")) {
      out.put("outcome", "arm_failure");
    }
    return Answer.json(200, out);
  }

  private static Answer stateFields(String to, ObjectNode b) {
    switch (to) {
      case "arming_in_progress" -> {
        if (!Set.of("away", "stay", "night").contains(b.path("target_mode").asText())) {
          return validation("target_mode");
        }
        if (!b.path("exit_delay_seconds").canConvertToInt()) {
          return validation("exit_delay_seconds");
        }
      }
      case "entry_delay" -> {
        if (!b.path("entry_delay_seconds").canConvertToInt()) {
          return validation("entry_delay_seconds");
        }
      }
      case "arm_failure" -> {
        String reason = b.path("reason").asText();
        if (!Set.of("open_zone", "invalid_user_code", "trouble", "tamper", "other")
            .contains(reason)) {
          return validation("reason");
        }
        if (reason.equals("open_zone") && b.path("zones").isEmpty()) {
          return validation("zones");
        }
      }
      case "disarmed", "armed_away", "armed_stay", "armed_night" -> {}
      default -> {
        return error(400, "ValidationError", "unknown state " + to);
      }
    }
    return null;
  }

  /** The §4.2 table. */
  private static boolean allowed(PartitionState p, String to, String targetMode) {
    String from = p.state;
    if (to.equals("arm_failure")) {
      return from.equals("disarmed") || from.equals("arming_in_progress");
    }
    if (to.equals(from) || to.equals("disarmed")) {
      return true;
    }
    return switch (from) {
      case "disarmed" -> !to.equals("entry_delay");
      case "arming_in_progress" -> MODES.contains(to) && to.equals("armed_" + p.targetMode);
      case "entry_delay" -> to.equals(p.armedMode);
      default -> !to.equals("arming_in_progress");
    };
  }

  private static boolean apply(PartitionState p, String to, String targetMode) {
    String before = p.state;
    switch (to) {
      case "arm_failure" -> p.state = "disarmed";
      case "arming_in_progress" -> {
        p.state = to;
        p.targetMode = targetMode;
      }
      case "entry_delay" -> p.state = to;
      default -> {
        p.state = to;
        p.armedMode = MODES.contains(to) ? to : null;
      }
    }
    return !before.equals(p.state);
  }

  /** §4.3: the site's arming state as the cloud holds it. */
  synchronized Answer read(String siteId) {
    Map<String, PartitionState> site = sites.get(siteId);
    if (site == null) {
      return error(404, "NotFound", "unknown site " + siteId);
    }
    PartitionState first = site.values().iterator().next();
    ObjectNode data =
        JSON.createObjectNode()
            .put("site_id", siteId)
            .put("arming_status", first.state)
            .put(
                "last_updated",
                first.lastTimestamp == null ? null : first.lastTimestamp.toString());
    // assumed: each partition's own state beside the site's
    com.fasterxml.jackson.databind.node.ArrayNode partitions = data.putArray("partitions");
    site.forEach(
        (label, p) -> partitions.addObject().put("partition", label).put("arming_status", p.state));
    return Answer.json(200, JSON.createObjectNode().set("data", data));
  }
}
