package io.chektbridge.daemon.link.tcp;

import io.chektbridge.daemon.config.BridgeConfig;
import io.chektbridge.daemon.link.LinkOutages;
import io.chektbridge.daemon.link.LinkSupervisor;
import io.chektbridge.daemon.link.LogThrottle;
import io.chektbridge.daemon.link.line.Backoff;
import io.chektbridge.daemon.link.line.PanelLineProtocol;
import io.chektbridge.daemon.ops.Metrics;
import io.chektbridge.daemon.threads.DaemonThreads;
import io.chektbridge.daemon.time.HostClock;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code transport: tcp-client}: the bridge dials the device server (ser2net, a Moxa NPort in raw
 * TCP mode, an IP module's raw port) and redials with a backoff doubling up to a cap whenever the
 * connection ends or cannot be made. While it cannot connect, {@code PANEL_LINK_DOWN} names it and
 * {@code status} shows it as "cannot connect" with the reason: nothing from that panel can arrive.
 */
final class TcpClientLink extends TcpPanelLink {
  private static final Logger LOG = LoggerFactory.getLogger(TcpClientLink.class);

  private final Backoff backoff;
  private final LogThrottle throttle;
  private final LinkOutages outages;
  private final Thread thread;
  private volatile String error;

  TcpClientLink(
      BridgeConfig.TcpLink config,
      PanelLineProtocol protocol,
      LinkSupervisor supervisor,
      Metrics metrics,
      HostClock clock,
      Backoff backoff,
      LinkOutages outages) {
    super(config, protocol, supervisor, metrics, clock);
    this.backoff = backoff;
    this.outages = outages;
    this.throttle = new LogThrottle(clock, Duration.ofMinutes(10));
    this.thread =
        DaemonThreads.named(() -> backoff.retryUntilClosed(closed, this::connectAndServe), link);
  }

  @Override
  TcpClientLink start() {
    LOG.info(
        "Panel link {}: connecting to the device server at {}, framing {}",
        link,
        config.address(),
        config.framing().wireName());
    thread.start();
    return this;
  }

  /**
   * Serves the device server until the connection ends or the link closes; false when it cannot be
   * reached.
   */
  private boolean connectAndServe() {
    Socket socket = connect();
    if (socket == null) {
      return false;
    }
    serve(socket);
    return true;
  }

  private Socket connect() {
    Socket socket = new Socket();
    try {
      socket.connect(
          new InetSocketAddress(config.address().host(), config.address().port()),
          (int) config.connectTimeout().toMillis());
      error = null;
      outages.up(name());
      return socket;
    } catch (IOException | IllegalArgumentException e) {
      closeQuietly(socket);
      error = e.getMessage();
      outages.down(
          name(),
          "cannot connect ("
              + e.getMessage()
              + "); is the device server powered, on the network "
              + "and its port in raw TCP mode?");
      if (throttle.shouldLog("connect")) {
        LOG.warn(
            "Panel link {}: cannot connect to the device server at {} ({}). Is it powered and on the network, "
                + "its port in raw TCP mode, and no other client connected to it? Retrying with backoff up to {}",
            link,
            config.address(),
            e.getMessage(),
            backoff.max());
      }
      return null;
    }
  }

  /** How this link is named in the PANEL_LINK_DOWN alert. */
  private String name() {
    return "tcp link " + config.name() + " (" + config.address() + ")";
  }

  @Override
  protected String state() {
    return connected() ? "connected" : error != null ? "cannot connect" : "connecting";
  }

  @Override
  protected String error() {
    return error;
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // nothing was connected
    }
  }

  @Override
  protected String whatNext() {
    return "reconnecting";
  }

  @Override
  public void close() {
    super.close();
    try {
      thread.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
