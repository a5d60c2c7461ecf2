package io.chektbridge.daemon.link.tcp;

import io.chektbridge.daemon.config.BridgeConfig;
import io.chektbridge.daemon.link.LinkSupervisor;
import io.chektbridge.daemon.link.LogThrottle;
import io.chektbridge.daemon.link.serial.PanelLineProtocol;
import io.chektbridge.daemon.link.serial.SerialLink;
import io.chektbridge.daemon.ops.Metrics;
import io.chektbridge.daemon.time.HostClock;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code transport: tcp-client}: the bridge dials the device server (ser2net, a Moxa NPort in raw TCP
 * mode, an IP module's raw port) and redials with a backoff doubling up to a cap whenever the
 * connection ends or cannot be made.
 */
final class TcpClientLink extends TcpPanelLink {
  private static final Logger LOG = LoggerFactory.getLogger(TcpClientLink.class);

  private final SerialLink.Backoff backoff;
  private final LogThrottle throttle;
  private final Thread thread;

  TcpClientLink(BridgeConfig.TcpLink config, PanelLineProtocol protocol, LinkSupervisor supervisor, Metrics metrics,
      HostClock clock, SerialLink.Backoff backoff) {
    super(config, protocol, supervisor, metrics, clock);
    this.backoff = backoff;
    this.throttle = new LogThrottle(clock, Duration.ofMinutes(10));
    this.thread = daemonThread(this::run, link);
  }

  @Override
  TcpClientLink start() {
    LOG.info("Panel link {}: connecting to the device server at {}, framing {}", link, config.address(),
        config.framing().wireName());
    thread.start();
    return this;
  }

  private void run() {
    long waitMs = backoff.first().toMillis();
    while (closed.getCount() > 0) {
      Socket socket = connect();
      if (socket != null) {
        waitMs = backoff.first().toMillis();
        serve(socket);
        if (closed.getCount() == 0) {
          return;
        }
      }
      if (awaitClose(waitMs)) {
        return;
      }
      waitMs = Math.min(waitMs * 2, backoff.max().toMillis());
    }
  }

  private Socket connect() {
    Socket socket = new Socket();
    try {
      socket.connect(new InetSocketAddress(config.address().host(), config.address().port()),
          (int) config.connectTimeout().toMillis());
      return socket;
    } catch (IOException | IllegalArgumentException e) {
      closeQuietly(socket);
      if (throttle.shouldLog("connect")) {
        LOG.warn("Panel link {}: cannot connect to the device server at {} ({}). Is it powered and on the network, "
            + "its port in raw TCP mode, and no other client connected to it? Retrying with backoff up to {}",
            link, config.address(), e.getMessage(), backoff.max());
      }
      return null;
    }
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
