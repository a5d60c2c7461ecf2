package io.chektbridge.daemon.status;

import static io.chektbridge.daemon.status.Html.esc;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Alerts, panel troubles, the cloud and the panel links in plain words: "cloud: 3 events waiting,
 * last sent 2 min ago", "serial port /dev/ttyUSB0: cannot open (no such device)".
 */
final class HealthWords {
  private HealthWords() {}

  static void render(StringBuilder h, StatusPage.View v) {
    h.append(
        "<section class=\"health\" aria-label=\"Bridge health\"><h2>Cloud, links and troubles</h2><ul>\n");
    cloud(h, v);
    links(h, v);
    troubles(h, v);
    h.append("</ul></section>\n");
  }

  /** The active alerts, each in a red box with its meaning on hover; or "No active alerts." */
  static void alerts(StringBuilder h, StatusPage.View v) {
    List<Map<?, ?>> alerts = StatusPage.rows(v.status().get("alerts"));
    if (alerts.isEmpty()) {
      h.append("<p class=\"ok\" id=\"alerts\">No active alerts.</p>\n");
      return;
    }
    h.append("<section id=\"alerts\" aria-label=\"Alerts\">\n");
    for (Map<?, ?> a : alerts) {
      h.append("<div class=\"alert\" title=\"")
          .append(esc(a.get("meaning")))
          .append("\"><b>")
          .append(esc(a.get("name")))
          .append("</b> ")
          .append(esc(a.get("detail")))
          .append(" <span class=\"muted\">(since ")
          .append(v.time().stamp(PageTime.parse(a.get("since"))))
          .append(")</span></div>\n");
    }
    h.append("</section>\n");
  }

  private static void cloud(StringBuilder h, StatusPage.View v) {
    Map<?, ?> outbox = StatusPage.map(v.status().get("outbox"));
    Map<?, ?> cloud = StatusPage.map(v.status().get("cloud"));
    long pending = StatusPage.number(outbox.get("pending"));
    StringBuilder line = new StringBuilder("cloud: ");
    if (pending == 0) {
      line.append("all events sent");
    } else {
      line.append(pending).append(pending == 1 ? " event" : " events").append(" waiting");
      if (outbox.get("oldest_age_s") != null) {
        line.append(", the oldest for ")
            .append(
                PageTime.span(Duration.ofSeconds(StatusPage.number(outbox.get("oldest_age_s")))));
      }
    }
    Instant last = PageTime.parse(cloud.get("last_success"));
    h.append("<li id=\"cloud\">")
        .append(esc(line))
        .append(", last sent ")
        .append(last == null ? "never" : v.time().ago(last));
    if (cloud.get("last_error") != null) {
      h.append("; last error: ").append(esc(cloud.get("last_error")));
    }
    long dead = StatusPage.number(outbox.get("dead_letter"));
    if (dead > 0) {
      h.append("; ")
          .append(dead)
          .append(" set aside as dead letters (chekt-bridge outbox list --status dead)");
    }
    h.append("</li>\n");
  }

  /** One panel link's line: its state, why it is down, and how many messages it carried. */
  private static void link(StringBuilder h, String title, Map<?, ?> row) {
    h.append("<li>").append(title).append(": ").append(esc(row.get("state")));
    if (row.get("error") != null) {
      h.append(" (").append(esc(row.get("error"))).append(")");
    }
    h.append(", ").append(esc(row.get("messages"))).append(" messages</li>\n");
  }

  private static void links(StringBuilder h, StatusPage.View v) {
    for (Map<?, ?> s : StatusPage.rows(v.status().get("serial"))) {
      link(h, "serial port " + esc(s.get("port")), s);
    }
    for (Map<?, ?> t : StatusPage.rows(v.status().get("tcp_links"))) {
      link(
          h,
          "tcp link "
              + esc(t.get("name"))
              + " ("
              + esc(t.get("transport"))
              + ' '
              + esc(t.get("address"))
              + ")",
          t);
    }
    for (Map<?, ?> a : StatusPage.rows(v.status().get("links"))) {
      Instant last = PageTime.parse(a.get("last_message"));
      h.append("<li>panel account ")
          .append(esc(a.get("account")))
          .append(" (")
          .append(esc(a.get("kind")))
          .append("): last message ")
          .append(last == null ? "never" : v.time().ago(last))
          .append(", ")
          .append(esc(a.get("frames")))
          .append(" frames, ")
          .append(esc(a.get("acked")))
          .append(" acknowledged</li>\n");
    }
  }

  private static void troubles(StringBuilder h, StatusPage.View v) {
    List<Map<?, ?>> troubles = StatusPage.rows(v.status().get("troubles"));
    if (troubles.isEmpty()) {
      h.append("<li>panel troubles: none</li>\n");
    }
    for (Map<?, ?> t : troubles) {
      h.append("<li class=\"bad\">panel trouble: ")
          .append(esc(String.valueOf(t.get("kind")).replace('_', ' ')))
          .append(" since ")
          .append(v.time().stamp(PageTime.parse(t.get("since"))))
          .append("</li>\n");
    }
  }
}
