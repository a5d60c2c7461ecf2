package io.chektbridge.daemon.link.serial;

import io.chektbridge.daemon.config.BridgeConfig;
import io.chektbridge.daemon.journal.EventJournal;
import io.chektbridge.daemon.link.LinkStats;
import io.chektbridge.daemon.link.LinkSupervisor;
import io.chektbridge.daemon.link.dc09.Dc09Exchange;
import io.chektbridge.daemon.ops.Metrics;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Every {@code receivers.serial} entry of the config as a running {@link SerialLink}. */
public final class SerialLinks implements AutoCloseable {
  /** Longest Contact ID line accepted; the longest real form (a Sur-Gard line) is about 30 characters. */
  static final int MAX_CONTACT_ID_LINE = 256;

  private final List<SerialLink> links = new ArrayList<>();

  private SerialLinks() {
  }

  /** Starts one link per configured port; none of them waits for its port to open. */
  public static SerialLinks start(BridgeConfig.Receivers receivers, EventJournal journal, LinkSupervisor supervisor,
      LinkStats stats, Metrics metrics, Clock clock, SerialLink.Backoff backoff) throws IOException {
    SerialLinks all = new SerialLinks();
    try {
      for (BridgeConfig.SerialLink c : receivers.serial()) {
        all.links.add(link(c, receivers.dc09(), journal, supervisor, stats, metrics, clock, backoff).start());
      }
    } catch (IOException | RuntimeException e) {
      all.close();
      throw e;
    }
    return all;
  }

  private static SerialLink link(BridgeConfig.SerialLink c, BridgeConfig.Dc09 dc09, EventJournal journal,
      LinkSupervisor supervisor, LinkStats stats, Metrics metrics, Clock clock, SerialLink.Backoff backoff)
      throws IOException {
    if (c.framing() == BridgeConfig.Framing.DC09) {
      Dc09Exchange exchange = Dc09Exchange.of(ContactIdLineHandler.KIND, dc09, journal, supervisor, stats, metrics, clock);
      return new SerialLink(c, exchange::handle, dc09.maxFrameBytes(), backoff, metrics, clock);
    }
    SerialMessageHandler handler = new ContactIdLineHandler(journal, supervisor, c.supervision(), stats, metrics, clock);
    return new SerialLink(c, handler, MAX_CONTACT_ID_LINE, backoff, metrics, clock);
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
