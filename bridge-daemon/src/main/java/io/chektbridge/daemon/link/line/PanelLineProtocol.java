package io.chektbridge.daemon.link.line;

import io.chektbridge.daemon.config.BridgeConfig;
import io.chektbridge.daemon.link.LinkContext;
import io.chektbridge.daemon.link.LogThrottle;
import io.chektbridge.daemon.link.dc09.Dc09Exchange;
import io.chektbridge.daemon.ops.Metrics;
import io.chektbridge.sia.Dc09Framer;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The serial-line protocol of one panel link: framing, decoding, the journal, then the answer. It
 * is the same whether the bytes come from a local port or a serial device server over TCP;
 * transports only move bytes: each connection gets a {@link Session} (its own framing state) and
 * hands it what it read, and the session writes answers back through the connection's writer.
 */
public final class PanelLineProtocol {
  private static final Logger LOG = LoggerFactory.getLogger(PanelLineProtocol.class);

  /**
   * Longest Contact ID line accepted; the longest real form (a Sur-Gard line) is about 30
   * characters.
   */
  static final int MAX_CONTACT_ID_LINE = 256;

  private final LineSettings settings;
  private final LineMessageHandler handler;
  private final int maxMessageBytes;
  private final LongAdder messages = new LongAdder();
  private final LongAdder oversize;
  private final LongAdder junk;
  private final LogThrottle throttle;

  private PanelLineProtocol(
      LineSettings settings, LineMessageHandler handler, int maxMessageBytes, LinkContext context) {
    this.settings = settings;
    this.handler = handler;
    this.maxMessageBytes = maxMessageBytes;
    this.throttle = new LogThrottle(context.clock(), Duration.ofMinutes(10));
    this.oversize =
        context
            .metrics()
            .counter(
                "chekt_bridge_panel_line_limit_hits_total",
                "Messages dropped on serial and serial-over-TCP links for exceeding the maximum length",
                Metrics.label("link", settings.link()));
    // counted, not logged: a little noise while a line settles is normal, a steady rise is a wrong
    // baud or parity
    this.junk =
        context
            .metrics()
            .counter(
                "chekt_bridge_panel_line_junk_bytes_total",
                "Bytes outside any DC-09 frame skipped on serial and serial-over-TCP links (line noise; rising steadily: "
                    + "wrong baud rate or parity)",
                Metrics.label("link", settings.link()));
  }

  /**
   * The protocol for {@code settings.framing()}: Contact ID lines, or DC-09 frames checked against
   * receivers.dc09.
   */
  public static PanelLineProtocol of(LineSettings settings, LinkContext context)
      throws IOException {
    if (settings.framing() == BridgeConfig.Framing.DC09) {
      Dc09Exchange exchange = Dc09Exchange.of(settings.kind(), context);
      return new PanelLineProtocol(
          settings, exchange::handle, context.dc09().maxFrameBytes(), context);
    }
    return new PanelLineProtocol(
        settings, new ContactIdLineHandler(settings, context), MAX_CONTACT_ID_LINE, context);
  }

  public LineSettings settings() {
    return settings;
  }

  /** Messages framed so far, on every connection. */
  public long messages() {
    return messages.sum();
  }

  /**
   * A new connection (a port opened, a socket connected): fresh framing state, so a message cut by
   * the previous connection's end is never glued to the next one.
   *
   * @param peer the device or remote address, for the journal and logs
   * @param answer writes bytes back to the sender; called from the journal's thread, so it must not
   *     block
   */
  public Session open(String peer, Consumer<byte[]> answer) {
    return new Session(peer, answer);
  }

  /** One connection's byte stream. Not thread-safe: one reader feeds it. */
  public final class Session {
    private final LineFramer framer = LineFramer.of(settings.framing(), maxMessageBytes);
    private final Dc09Framer.Sink sink;

    private Session(String peer, Consumer<byte[]> answer) {
      this.sink =
          new Dc09Framer.Sink() {
            @Override
            public void frame(byte[] message) {
              messages.increment();
              handler.handle(message, settings.link(), peer, answer);
            }

            @Override
            public void tooLong(int bytes) {
              oversize.increment();
              if (throttle.shouldLog("oversize")) {
                LOG.warn(
                    "Panel link {}: dropped {} bytes without a message end (limit {}); check baud rate and "
                        + "framing",
                    settings.link(),
                    bytes,
                    maxMessageBytes);
              }
            }

            @Override
            public void junk(int bytes) {
              junk.add(bytes);
            }
          };
    }

    /** The first {@code count} bytes of {@code data}, as read. */
    public void feed(byte[] data, int count) {
      framer.feed(data, count, sink);
    }
  }
}
