package io.chektbridge.daemon.ops;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.unix.DomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The systemd notification protocol (sd_notify): one datagram per message to the unix socket named
 * by {@code $NOTIFY_SOCKET}. The JDK has no unix datagram socket, so this uses netty's epoll
 * transport. Like libsystemd's sd_notify, every message goes over a fresh socket, so a restarted
 * manager or a failed send never leaves a stale connection behind. Without {@code NOTIFY_SOCKET}
 * (not started by systemd, or {@code Type=simple}) every call does nothing.
 */
public final class SdNotify implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SdNotify.class);
  static final String SOCKET_VAR = "NOTIFY_SOCKET";

  private final DomainSocketAddress target;
  private final EventLoopGroup group;

  private SdNotify(DomainSocketAddress target, EventLoopGroup group) {
    this.target = target;
    this.group = group;
  }

  /** A notifier for {@code $NOTIFY_SOCKET}, or a disabled one when it is unset. */
  public static SdNotify fromEnvironment(Map<String, String> env) {
    String socket = env.get(SOCKET_VAR);
    if (socket == null || socket.isBlank()) {
      return disabled();
    }
    return to(socket);
  }

  public static SdNotify disabled() {
    return new SdNotify(null, null);
  }

  /**
   * A notifier for the given socket path; a leading {@code @} names an abstract socket, as in
   * systemd. Falls back to disabled (with a log line saying why) when epoll is not available.
   */
  public static SdNotify to(String socket) {
    if (!Epoll.isAvailable()) {
      LOG.warn(
          "Cannot notify systemd at {}: netty epoll is unavailable on this platform ({}). "
              + "Use Type=simple in the unit on this box.",
          socket,
          Epoll.unavailabilityCause().toString());
      return disabled();
    }
    String path = socket.startsWith("@") ? "\0" + socket.substring(1) : socket;
    return new SdNotify(
        new DomainSocketAddress(path),
        new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory()));
  }

  public boolean enabled() {
    return group != null;
  }

  /** The daemon is up: H2 open, status port and every receiver bound. */
  public void ready(String status) {
    send("READY=1\nSTATUS=" + status);
  }

  /** The health check passed; systemd's watchdog timer starts over. */
  public void watchdog() {
    send("WATCHDOG=1");
  }

  public void status(String status) {
    send("STATUS=" + status);
  }

  public void stopping() {
    send("STOPPING=1\nSTATUS=stopping");
  }

  /** Sends one notification and waits until it left; failures are logged, never thrown. */
  public void send(String message) {
    if (group == null) {
      return;
    }
    ChannelFuture connected =
        new Bootstrap()
            .group(group)
            .channel(EpollDomainDatagramChannel.class)
            .handler(new ChannelInboundHandlerAdapter())
            .connect(target)
            .awaitUninterruptibly();
    Channel channel = connected.channel();
    try {
      ChannelFuture sent =
          connected.isSuccess()
              ? channel
                  .writeAndFlush(Unpooled.copiedBuffer(message, StandardCharsets.UTF_8))
                  .awaitUninterruptibly()
              : connected;
      if (!sent.isSuccess()) {
        LOG.warn(
            "Could not notify systemd at {} ({}): {}",
            target.path().replace('\0', '@'),
            message.lines().findFirst().orElse(""),
            sent.cause().toString());
      }
    } finally {
      channel.close().awaitUninterruptibly();
    }
  }

  @Override
  public void close() {
    if (group != null) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }
  }
}
