package io.chektbridge.daemon.status;

import static io.chektbridge.daemon.status.Html.esc;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Zones as tiles (state in colour and words, last event, code and meaning) and the walk-test: with
 * {@code ?walk=1&from=<start ms>} each configured zone that reported since the start is marked
 * tested and the page counts them ("7 of 12 zones tested"). The start is in the address, so a
 * reload, a second phone and the scriptless page all count the same.
 */
final class ZoneTiles {
  private ZoneTiles() {}

  static void render(StringBuilder h, StatusPage.View v) {
    List<Map<?, ?>> zones = StatusPage.rows(v.status().get("zones"));
    h.append("<section class=\"zones\" aria-label=\"Zones\"><h2>Zones</h2>\n");
    walkBar(h, v, zones);
    if (zones.isEmpty()) {
      h.append("<p class=\"muted\">No zones configured or reported yet.</p>\n");
    }
    h.append("<div class=\"tiles\">\n");
    for (Map<?, ?> z : zones) {
      tile(h, z, v);
    }
    h.append("</div></section>\n");
  }

  private static void walkBar(StringBuilder h, StatusPage.View v, List<Map<?, ?>> zones) {
    if (v.walkFrom() == null) {
      h.append(
          "<p><a class=\"button\" id=\"walk-start\" href=\"/?walk=1\">Start walk-test</a></p>\n");
      return;
    }
    List<Map<?, ?>> configured =
        zones.stream().filter(z -> !Boolean.FALSE.equals(z.get("mapped"))).toList();
    long tested = configured.stream().filter(z -> tested(z, v.walkFrom())).count();
    h.append("<div class=\"walk\" id=\"walk\"><b id=\"walk-count\">")
        .append(tested)
        .append(" of ")
        .append(configured.size())
        .append(" zones tested</b> <span class=\"muted\">since ")
        .append(v.time().stamp(v.walkFrom()))
        .append("</span> <a class=\"button\" id=\"walk-reset\" href=\"/?walk=1\">")
        .append("Reset</a> <a class=\"button\" href=\"/\">Stop</a></div>\n");
  }

  private static boolean tested(Map<?, ?> z, Instant from) {
    Instant last = PageTime.parse(z.get("last_event"));
    return last != null && !last.isBefore(from);
  }

  private static void tile(StringBuilder h, Map<?, ?> z, StatusPage.View v) {
    String state = String.valueOf(z.get("state"));
    boolean mapped = !Boolean.FALSE.equals(z.get("mapped"));
    boolean tested = v.walkFrom() != null && tested(z, v.walkFrom());
    h.append("<div class=\"tile z-")
        .append(esc(state))
        .append(tested ? " tested" : "")
        .append("\" id=\"zone-")
        .append(esc(z.get("number")))
        .append("\" data-state=\"")
        .append(esc(state))
        .append("\">");
    h.append("<div class=\"zname\"><b>")
        .append(esc(z.get("number")))
        .append("</b> ")
        .append(esc(z.get("name")))
        .append("</div><div class=\"zstate\">")
        .append(esc(words(state)));
    if (Boolean.TRUE.equals(z.get("alarm_memory")) && !state.equals("alarm")) {
      h.append(" <span class=\"chip\">alarm memory</span>");
    }
    h.append("</div>");
    Instant last = PageTime.parse(z.get("last_event"));
    if (last != null) {
      h.append("<div class=\"zlast\">")
          .append(esc(z.get("last_code")))
          .append(" ")
          .append(esc(meaning(z.get("last_meaning"))))
          .append(" · ")
          .append(v.time().stamp(last))
          .append("</div>");
    }
    if (!mapped) {
      h.append("<div class=\"warn\">not in the config: add zone ")
          .append(esc(z.get("number")))
          .append(" under zones:</div>");
    } else if (v.walkFrom() != null) {
      h.append("<div class=\"zwalk\">")
          .append(tested ? "✓ tested" : "not tested yet")
          .append("</div>");
    }
    h.append("</div>\n");
  }

  static String words(String state) {
    return switch (state) {
      case "unknown" -> "not reported yet";
      case "normal" -> "closed";
      case "alarm" -> "ALARM";
      case "low_battery" -> "low battery";
      default -> state;
    };
  }

  static String meaning(Object wireName) {
    return wireName == null ? "" : wireName.toString().replace('_', ' ');
  }
}
