package io.chektbridge.daemon.status;

import static io.chektbridge.daemon.status.Html.esc;

import java.util.List;
import java.util.Map;

/**
 * The last {@link EventStream#RECENT} partition and zone changes since the bridge started, newest
 * first.
 */
final class RecentEvents {
  private RecentEvents() {}

  static void render(StringBuilder h, StatusPage.View v) {
    List<EventStream.Published> recent = v.recent();
    h.append("<section class=\"events\" aria-label=\"Last events\"><h2>Last ")
        .append(EventStream.RECENT)
        .append(" events</h2>\n");
    if (recent.isEmpty()) {
      h.append(
          "<p class=\"muted\">No partition or zone change since the bridge started.</p></section>\n");
      return;
    }
    h.append("<ol class=\"events\" id=\"events\">\n");
    for (EventStream.Published e : recent) {
      h.append("<li>")
          .append(v.time().stamp(e.at()))
          .append(" — ")
          .append(esc(describe(e)))
          .append("</li>\n");
    }
    h.append("</ol></section>\n");
  }

  static String describe(EventStream.Published e) {
    if (!(e.payload() instanceof Map<?, ?> m)) {
      return e.type();
    }
    return switch (e.type()) {
      case "partition" ->
          "Partition "
              + m.get("number")
              + " "
              + m.get("name")
              + ": "
              + PartitionBadges.words(String.valueOf(m.get("state")), m.get("target_mode"))
              + (PartitionBadges.byUser(String.valueOf(m.get("state")))
                  ? " " + PartitionBadges.who(m)
                  : "");
      case "zone" ->
          "Zone "
              + m.get("number")
              + " "
              + m.get("name")
              + ": "
              + ZoneTiles.words(String.valueOf(m.get("state")))
              + (m.get("last_code") == null
                  ? ""
                  : " ("
                      + m.get("last_code")
                      + " "
                      + ZoneTiles.meaning(m.get("last_meaning"))
                      + ")");
      default -> e.type();
    };
  }
}
