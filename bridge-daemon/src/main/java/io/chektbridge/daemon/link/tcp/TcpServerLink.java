package io.chektbridge.daemon.link.tcp;

import io.chektbridge.daemon.config.BridgeConfig;
import io.chektbridge.daemon.link.LinkSupervisor;
import io.chektbridge.daemon.link.line.PanelLineProtocol;
import io.chektbridge.daemon.ops.Metrics;
import io.chektbridge.daemon.threads.DaemonThreads;
import io.chektbridge.daemon.time.HostClock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code transport: tcp-server}: the device server dials the bridge. One connection at a time: a
 * new one replaces the current one, because a device server redials when its connection died unseen
 * (power cut, NAT timeout) and refusing it would lock the panel out until keepalive noticed.
 */
final class TcpServerLink extends TcpPanelLink {
  private static final Logger LOG = LoggerFactory.getLogger(TcpServerLink.class);

  private final ServerSocket server;
  private final Thread acceptor;

  TcpServerLink(
      BridgeConfig.TcpLink config,
      PanelLineProtocol protocol,
      LinkSupervisor supervisor,
      Metrics metrics,
      HostClock clock)
      throws IOException {
    super(config, protocol, supervisor, metrics, clock);
    this.server = new ServerSocket();
    this.acceptor = DaemonThreads.named(this::acceptLoop, link + "-accept");
  }

  @Override
  TcpServerLink start() throws IOException {
    InetSocketAddress at =
        new InetSocketAddress(
            InetAddress.getByName(config.address().host()), config.address().port());
    try {
      server.setReuseAddress(true);
      server.bind(at, 4);
    } catch (IOException e) {
      server.close();
      throw new IOException(
          "Panel link "
              + link
              + ": cannot listen on "
              + config.address()
              + " ("
              + e.getMessage()
              + "); is another program using the port?",
          e);
    }
    LOG.info(
        "Panel link {}: waiting for the device server on {}, framing {}",
        link,
        server.getLocalSocketAddress(),
        config.framing().wireName());
    acceptor.start();
    return this;
  }

  /** Where it listens (the bound port when the config said 0). */
  int port() {
    return server.getLocalPort();
  }

  boolean bound() {
    return server.isBound() && !server.isClosed();
  }

  private void acceptLoop() {
    while (closed.getCount() > 0) {
      Socket socket;
      try {
        socket = server.accept();
      } catch (IOException e) {
        if (closed.getCount() > 0) {
          LOG.error("Panel link {}: accepting connections failed: {}", link, e.toString());
          awaitClose(1000);
        }
        continue;
      }
      if (connected()) {
        LOG.warn(
            "Panel link {}: {} connected while {} was still connected; the new connection replaces it",
            link,
            socket.getRemoteSocketAddress(),
            snapshot().get("peer"));
        disconnect();
      }
      DaemonThreads.named(() -> serve(socket), link + "-read").start();
    }
  }

  @Override
  protected String state() {
    return connected()
        ? "connected"
        : bound() ? "listening, no device server connected" : "not listening";
  }

  @Override
  protected String whatNext() {
    return "waiting for the device server to connect again";
  }

  @Override
  public void close() {
    super.close();
    try {
      server.close();
    } catch (IOException e) {
      LOG.debug("Panel link {}: closing the listener failed: {}", link, e.toString());
    }
    try {
      acceptor.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
