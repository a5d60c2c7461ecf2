package io.chektbridge.daemon.link.tcp;

import io.chektbridge.daemon.config.BridgeConfig;
import io.chektbridge.daemon.link.LinkSupervisor;
import io.chektbridge.daemon.link.LinkThreads;
import io.chektbridge.daemon.link.line.PanelLineProtocol;
import io.chektbridge.daemon.ops.Metrics;
import io.chektbridge.daemon.threads.DaemonThreads;
import io.chektbridge.daemon.time.HostClock;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.LongAdder;
import jdk.net.ExtendedSocketOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A panel behind a serial device server: what both transports share. A connection is read on a
 * thread of its own with a short timeout (to notice a close and to tell supervision the link is
 * up); the bytes go to the link's {@link PanelLineProtocol}, answers are written by a writer thread
 * so the journal never waits on a slow socket. An answer for a connection that has since gone is
 * dropped: the panel got none and resends.
 */
abstract class TcpPanelLink implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TcpPanelLink.class);
  private static final int READ_TICK_MS = 1000;
  private static final int KEEPALIVE_INTERVAL_S = 10;
  private static final int KEEPALIVE_PROBES = 3;

  protected final BridgeConfig.TcpLink config;
  protected final String link;
  protected final HostClock clock;
  protected final CountDownLatch closed = new CountDownLatch(1);
  protected final LongAdder reconnects;
  private final PanelLineProtocol protocol;
  private final LinkSupervisor supervisor;
  private final ExecutorService writer;
  private volatile Socket current;
  private volatile Instant since;

  TcpPanelLink(
      BridgeConfig.TcpLink config,
      PanelLineProtocol protocol,
      LinkSupervisor supervisor,
      Metrics metrics,
      HostClock clock) {
    this.config = config;
    this.protocol = protocol;
    this.supervisor = supervisor;
    this.clock = clock;
    this.link = protocol.settings().link();
    String label = Metrics.label("link", config.name());
    this.reconnects =
        metrics.counter(
            "chekt_bridge_tcp_link_reconnects_total",
            "Times a serial-over-TCP link lost its connection",
            label);
    metrics.gauge(
        "chekt_bridge_tcp_link_connected",
        "1 while the serial-over-TCP link is connected",
        label,
        () -> current == null ? 0 : 1);
    this.writer = DaemonThreads.single(link + "-writer");
    supervisor.watchLink(
        link, config.supervision(), config.account() != null ? config.account() : link);
  }

  /** Starts in the background; a device server that is down does not hold up the daemon. */
  abstract TcpPanelLink start() throws IOException;

  public boolean connected() {
    return current != null;
  }

  /** This link in the {@code tcp_links} section of {@code /status}. */
  public Map<String, Object> snapshot() {
    Map<String, Object> m = new LinkedHashMap<>();
    Socket s = current;
    m.put("name", config.name());
    m.put("transport", config.transport().wireName());
    m.put("address", config.address().toString());
    m.put("framing", config.framing().wireName());
    m.put("connected", s != null);
    m.put("state", state());
    m.put("error", error());
    m.put("peer", s == null ? null : s.getRemoteSocketAddress().toString());
    m.put("since", since == null ? null : since.toString());
    m.put("messages", protocol.messages());
    m.put("reconnects", reconnects.sum());
    return m;
  }

  /** Reads {@code socket} until it ends or the link closes; returns with the socket closed. */
  protected void serve(Socket socket) {
    String peer = socket.getRemoteSocketAddress().toString();
    try (socket) {
      configure(socket);
      current = socket;
      since = clock.instant();
      supervisor.seen(link);
      LOG.info("Panel link {}: connected to {}", link, peer);
      PanelLineProtocol.Session session =
          protocol.open(peer, answer -> writer.execute(() -> write(socket, answer)));
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[1024];
      while (closed.getCount() > 0) {
        int n;
        try {
          n = in.read(buffer);
        } catch (SocketTimeoutException tick) {
          supervisor.seen(link);
          continue;
        }
        if (n < 0) {
          break;
        }
        supervisor.seen(link);
        session.feed(buffer, n);
      }
    } catch (IOException e) {
      LOG.debug("Panel link {}: connection to {} failed: {}", link, peer, e.toString());
    } finally {
      if (current == socket) {
        current = null;
        since = clock.instant();
      }
    }
    if (closed.getCount() > 0) {
      reconnects.increment();
      LOG.warn("Panel link {}: connection to {} ended; {}", link, peer, whatNext());
    }
  }

  /** In installer words: "connected", "listening", "cannot connect", ... */
  protected abstract String state();

  /** Why the link is not connected, or null. */
  protected String error() {
    return null;
  }

  /** The installer-facing next step after a connection ended. */
  protected abstract String whatNext();

  private void configure(Socket socket) throws IOException {
    socket.setSoTimeout(READ_TICK_MS);
    socket.setTcpNoDelay(true);
    socket.setKeepAlive(true);
    try {
      socket.setOption(ExtendedSocketOptions.TCP_KEEPIDLE, (int) config.keepalive().toSeconds());
      socket.setOption(ExtendedSocketOptions.TCP_KEEPINTERVAL, KEEPALIVE_INTERVAL_S);
      socket.setOption(ExtendedSocketOptions.TCP_KEEPCOUNT, KEEPALIVE_PROBES);
    } catch (UnsupportedOperationException e) {
      LOG.debug("Panel link {}: this system keeps its default TCP keepalive timing", link);
    }
  }

  private void write(Socket socket, byte[] answer) {
    if (current != socket) {
      LOG.debug("Panel link {}: answer not written (connection gone); the panel will resend", link);
      return;
    }
    try {
      socket.getOutputStream().write(answer);
    } catch (IOException e) {
      LOG.debug(
          "Panel link {}: answer not written ({}); the panel will resend", link, e.toString());
    }
  }

  /** Drops the current connection, if any (a newer one replaces it, or the link closes). */
  protected void disconnect() {
    Socket s = current;
    if (s != null) {
      try {
        s.close();
      } catch (IOException e) {
        LOG.debug("Panel link {}: closing {} failed: {}", link, s, e.toString());
      }
    }
  }

  protected boolean awaitClose(long millis) {
    return LinkThreads.awaitClose(closed, millis);
  }

  @Override
  public void close() {
    closed.countDown();
    disconnect();
    writer.shutdown();
  }
}
