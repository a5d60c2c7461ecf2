package io.chektbridge.daemon.status;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The HTML page at {@code GET /}: what {@code /status} says, for an installer's browser. One
 * self-contained document (inline CSS, no scripts or external assets) that reloads itself every few
 * seconds. Sections other components add to {@code /status} appear without changes here: lists of
 * objects become tables, objects become key/value lists.
 */
final class StatusPage {
  static final int REFRESH_SECONDS = 5;
  private static final String STYLE = "body{font:14px system-ui,sans-serif;margin:1.5em;color:#222}"
      + "h1{font-size:1.4em}h2{font-size:1.1em;margin-top:1.4em}table{border-collapse:collapse}"
      + "td,th{border:1px solid #ccc;padding:.25em .6em;text-align:left}th{background:#f3f3f3}"
      + ".ok{color:#0a7d28}.bad{color:#b00020;font-weight:bold}.alert{background:#fde7e9;padding:.6em;"
      + "border-left:4px solid #b00020;margin:.4em 0}dt{font-weight:bold;float:left;clear:left;width:12em}"
      + "dd{margin-left:12em}.muted{color:#777}";

  private StatusPage() {
  }

  static String render(Map<String, Object> status, List<String> notReady) {
    StringBuilder h = new StringBuilder(8192);
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta http-equiv=\"refresh\" content=\"").append(REFRESH_SECONDS).append("\">")
        .append("<meta name=\"viewport\" content=\"width=device-width\">")
        .append("<title>chekt-bridge status</title><style>").append(STYLE).append("</style></head><body>\n");
    h.append("<h1>chekt-bridge ").append(esc(status.get("version"))).append("</h1>\n<p>");
    if (status.get("site") instanceof Map<?, ?> site && site.get("id") != null) {
      h.append("Site <b>").append(esc(site.get("id"))).append("</b> · ");
    }
    h.append("up ").append(esc(status.get("uptime_s"))).append(" s · ");
    h.append(notReady.isEmpty() ? "<span class=\"ok\">ready</span>"
        : "<span class=\"bad\">not ready: " + esc(String.join(", ", notReady)) + "</span>");
    h.append("</p>\n");
    alerts(h, status.get("alerts"));
    for (Map.Entry<String, Object> e : status.entrySet()) {
      String name = e.getKey();
      if (Set.of("version", "uptime_s", "site", "alerts").contains(name)) {
        continue;
      }
      h.append("<h2>").append(esc(title(name))).append("</h2>\n");
      value(h, e.getValue());
    }
    h.append("<p class=\"muted\">Refreshes every ").append(REFRESH_SECONDS)
        .append(" s. JSON: <a href=\"/status\">/status</a> · metrics: <a href=\"/metrics\">/metrics</a> · ")
        .append("live events: <a href=\"/events\">/events</a></p>\n</body></html>\n");
    return h.toString();
  }

  private static void alerts(StringBuilder h, Object alerts) {
    if (!(alerts instanceof Collection<?> list) || list.isEmpty()) {
      h.append("<p class=\"ok\">No active alerts.</p>\n");
      return;
    }
    h.append("<h2>Alerts</h2>\n");
    for (Object a : list) {
      if (a instanceof Map<?, ?> m) {
        h.append("<div class=\"alert\"><b>").append(esc(m.get("name"))).append("</b> since ")
            .append(esc(m.get("since"))).append(": ").append(esc(m.get("detail"))).append("</div>\n");
      }
    }
  }

  private static void value(StringBuilder h, Object v) {
    if (v instanceof Collection<?> list) {
      table(h, list);
    } else if (v instanceof Map<?, ?> map) {
      h.append("<dl>");
      map.forEach((k, x) -> h.append("<dt>").append(esc(k)).append("</dt><dd>").append(esc(x)).append("</dd>"));
      h.append("</dl>\n");
    } else {
      h.append("<p>").append(esc(v)).append("</p>\n");
    }
  }

  private static void table(StringBuilder h, Collection<?> rows) {
    if (rows.isEmpty()) {
      h.append("<p class=\"muted\">none</p>\n");
      return;
    }
    Set<Object> columns = new LinkedHashSet<>();
    for (Object r : rows) {
      if (r instanceof Map<?, ?> m) {
        columns.addAll(m.keySet());
      }
    }
    if (columns.isEmpty()) {
      h.append("<p>").append(esc(String.join(", ", rows.stream().map(String::valueOf).toList()))).append("</p>\n");
      return;
    }
    List<Object> cols = new ArrayList<>(columns);
    h.append("<table><tr>");
    cols.forEach(c -> h.append("<th>").append(esc(c)).append("</th>"));
    h.append("</tr>\n");
    for (Object r : rows) {
      Map<?, ?> m = r instanceof Map<?, ?> map ? map : Map.of();
      h.append("<tr>");
      cols.forEach(c -> h.append("<td>").append(esc(m.get(c))).append("</td>"));
      h.append("</tr>\n");
    }
    h.append("</table>\n");
  }

  private static String title(String name) {
    String t = name.replace('_', ' ');
    return t.isEmpty() ? t : Character.toUpperCase(t.charAt(0)) + t.substring(1);
  }

  static String esc(Object v) {
    if (v == null) {
      return "–";
    }
    String s = String.valueOf(v);
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
