package io.chektbridge.daemon.link.serial;

import io.chektbridge.daemon.config.BridgeConfig;
import io.chektbridge.daemon.link.LinkContext;
import io.chektbridge.daemon.link.line.Backoff;
import io.chektbridge.daemon.link.line.LineSettings;
import io.chektbridge.daemon.link.line.PanelLineProtocol;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Every {@code receivers.serial} entry of the config as a running {@link SerialLink}. */
public final class SerialLinks implements AutoCloseable {
  private final List<SerialLink> links = new ArrayList<>();

  private SerialLinks() {}

  /** Starts one link per configured port; none of them waits for its port to open. */
  public static SerialLinks start(
      List<BridgeConfig.SerialLink> configs, LinkContext context, Backoff backoff)
      throws IOException {
    SerialLinks all = new SerialLinks();
    try {
      for (BridgeConfig.SerialLink c : configs) {
        PanelLineProtocol protocol = PanelLineProtocol.of(LineSettings.of(c), context);
        all.links.add(
            new SerialLink(
                    c, protocol, backoff, context.outages(), context.metrics(), context.clock())
                .start());
      }
    } catch (IOException | RuntimeException e) {
      all.close();
      throw e;
    }
    return all;
  }

  public List<SerialLink> links() {
    return List.copyOf(links);
  }

  /** The {@code serial} section of {@code /status}. */
  public List<Map<String, Object>> snapshot() {
    return links.stream().map(SerialLink::snapshot).toList();
  }

  @Override
  public void close() {
    links.forEach(SerialLink::close);
  }
}
