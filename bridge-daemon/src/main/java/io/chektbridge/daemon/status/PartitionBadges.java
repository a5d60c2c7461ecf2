package io.chektbridge.daemon.status;

import static io.chektbridge.daemon.status.Html.esc;

import java.time.Instant;
import java.util.Map;

/**
 * Each partition as a large badge a walk-tester reads from across the hallway: colour and words
 * (alarm red, entry or exit delay amber with a running countdown, armed blue, disarmed green), who
 * changed it and when.
 */
final class PartitionBadges {
  private PartitionBadges() {}

  static void render(StringBuilder h, StatusPage.View v) {
    h.append("<section class=\"partitions\" aria-label=\"Partitions\">\n");
    var rows = StatusPage.rows(v.status().get("partitions"));
    if (rows.isEmpty()) {
      h.append("<p class=\"muted\">No partition reported yet.</p>\n");
    }
    for (Map<?, ?> p : rows) {
      badge(h, p, v.time());
    }
    h.append("</section>\n");
  }

  private static void badge(StringBuilder h, Map<?, ?> p, PageTime time) {
    String state = String.valueOf(p.get("state"));
    h.append("<div class=\"badge ")
        .append(colour(state))
        .append("\" id=\"partition-")
        .append(esc(p.get("number")))
        .append("\" data-state=\"")
        .append(esc(state))
        .append("\">");
    h.append("<div class=\"pname\">")
        .append(esc(p.get("number")))
        .append(" · ")
        .append(esc(p.get("name")));
    if (Boolean.FALSE.equals(p.get("mapped"))) {
      h.append(" <span class=\"warn\">(not in the config: add it under partitions:)</span>");
    }
    h.append("</div><div class=\"pstate\">")
        .append(esc(words(state, p.get("target_mode"))))
        .append("</div>");
    Instant ends = PageTime.parse(p.get("delay_ends"));
    if (ends != null && (state.equals("arming_in_progress") || state.equals("entry_delay"))) {
      h.append("<div class=\"pdelay\">").append(time.countdown(ends)).append("</div>");
    }
    Instant since = PageTime.parse(p.get("since"));
    boolean byUser = byUser(state);
    h.append("<div class=\"who\">").append(byUser ? esc(who(p)) : since == null ? "" : "since");
    if (since != null) {
      h.append(byUser ? " · " : " ").append(time.stamp(since));
    }
    h.append("</div></div>\n");
  }

  private static String colour(String state) {
    return switch (state) {
      case "alarm" -> "s-alarm";
      case "entry_delay", "arming_in_progress" -> "s-delay";
      case "disarmed" -> "s-disarmed";
      default -> state.startsWith("armed") ? "s-armed" : "s-unknown";
    };
  }

  static String words(String state, Object targetMode) {
    return switch (state) {
      case "alarm" -> "ALARM";
      case "entry_delay" -> "Entry delay";
      case "arming_in_progress" ->
          targetMode == null ? "Exit delay" : "Exit delay, arming " + targetMode;
      case "disarmed" -> "Disarmed";
      case "armed_away" -> "Armed away";
      case "armed_stay" -> "Armed stay";
      case "armed_night" -> "Armed night";
      default -> state;
    };
  }

  /** An alarm or entry delay is the panel's doing; the user field then still names who armed. */
  static boolean byUser(String state) {
    return !state.equals("alarm") && !state.equals("entry_delay");
  }

  /** "by user 3 (keypad)", "by the panel", ... */
  static String who(Map<?, ?> p) {
    Object user = p.get("user");
    Object source = p.get("source");
    if (user != null) {
      return "by user " + user + (source == null ? "" : " (" + source + ")");
    }
    return source == null ? "no change reported yet" : "by " + source;
  }
}
