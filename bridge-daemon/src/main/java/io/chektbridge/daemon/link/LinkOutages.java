package io.chektbridge.daemon.link;

import io.chektbridge.daemon.ops.AlertKind;
import io.chektbridge.daemon.ops.Alerts;
import java.util.Map;
import java.util.TreeMap;

/**
 * Panel links that cannot be opened right now: a serial adapter unplugged or never there, a wrong
 * device path, no permission. The {@code PANEL_LINK_DOWN} alert is active while any link is down
 * and names each with its reason. Unlike {@code PANEL_LINK_LOST} it does not wait for a supervision
 * interval: a port that cannot open is known at once, and nothing from that panel can arrive.
 */
public final class LinkOutages {
  private final Alerts alerts;
  private final Map<String, String> down = new TreeMap<>();

  public LinkOutages(Alerts alerts) {
    this.alerts = alerts;
  }

  /** {@code link} (e.g. "serial port /dev/ttyUSB0") cannot be opened, for {@code reason}. */
  public synchronized void down(String link, String reason) {
    if (!reason.equals(down.put(link, reason))) {
      publish();
    }
  }

  /** {@code link} is open again. */
  public synchronized void up(String link) {
    if (down.remove(link) != null) {
      publish();
    }
  }

  private void publish() {
    if (down.isEmpty()) {
      alerts.clear(AlertKind.PANEL_LINK_DOWN);
      return;
    }
    StringBuilder detail = new StringBuilder();
    down.forEach(
        (link, reason) ->
            detail
                .append(detail.length() == 0 ? "" : "; ")
                .append(link)
                .append(": ")
                .append(reason));
    alerts.raise(AlertKind.PANEL_LINK_DOWN, detail.toString());
  }
}
