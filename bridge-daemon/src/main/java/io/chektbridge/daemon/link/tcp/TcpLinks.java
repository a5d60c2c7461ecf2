package io.chektbridge.daemon.link.tcp;

import io.chektbridge.daemon.config.BridgeConfig;
import io.chektbridge.daemon.link.LinkContext;
import io.chektbridge.daemon.link.line.Backoff;
import io.chektbridge.daemon.link.line.LineSettings;
import io.chektbridge.daemon.link.line.PanelLineProtocol;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Every {@code receivers.tcp_links} entry of the config as a running link. */
public final class TcpLinks implements AutoCloseable {
  private final List<TcpPanelLink> links = new ArrayList<>();

  private TcpLinks() {}

  /**
   * Starts every link: servers are listening when this returns (a port that cannot be bound fails
   * the start), clients connect in the background.
   */
  public static TcpLinks start(
      List<BridgeConfig.TcpLink> configs, LinkContext context, Backoff backoff) throws IOException {
    TcpLinks all = new TcpLinks();
    try {
      for (BridgeConfig.TcpLink c : configs) {
        PanelLineProtocol protocol = PanelLineProtocol.of(LineSettings.of(c), context);
        TcpPanelLink link =
            c.transport() == BridgeConfig.TcpTransport.TCP_SERVER
                ? new TcpServerLink(
                    c, protocol, context.supervisor(), context.metrics(), context.clock())
                : new TcpClientLink(
                    c,
                    protocol,
                    context.supervisor(),
                    context.metrics(),
                    context.clock(),
                    backoff,
                    context.outages());
        all.links.add(link);
        link.start();
      }
    } catch (IOException | RuntimeException e) {
      all.close();
      throw e;
    }
    return all;
  }

  /** True when every tcp-server link is listening (for {@code /readyz}). */
  public boolean bound() {
    return links.stream().allMatch(l -> !(l instanceof TcpServerLink s) || s.bound());
  }

  /** The port a tcp-server link listens on, by name (tests configure port 0). */
  public int listenPort(String name) {
    return links.stream()
        .filter(l -> l.config.name().equals(name) && l instanceof TcpServerLink)
        .mapToInt(l -> ((TcpServerLink) l).port())
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no tcp-server link named " + name));
  }

  /** The {@code tcp_links} section of {@code /status}. */
  public List<Map<String, Object>> snapshot() {
    return links.stream().map(TcpPanelLink::snapshot).toList();
  }

  @Override
  public void close() {
    links.forEach(TcpPanelLink::close);
  }
}
