package io.chektbridge.daemon.ops;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollDomainDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.unix.DomainDatagramPacket;
import io.netty.channel.unix.DomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The systemd side of sd_notify in tests: a real unix datagram socket that records every message.
 */
public final class NotifySocket implements AutoCloseable {
  private final EventLoopGroup group =
      new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
  private final List<String> messages = new CopyOnWriteArrayList<>();
  private final Channel channel;
  private final Path path;

  public NotifySocket(Path path) throws InterruptedException {
    this(path.toString());
  }

  /** {@code address} is a path, or an abstract socket name starting with a NUL character. */
  public NotifySocket(String address) throws InterruptedException {
    this.path = address.startsWith("\0") ? null : Path.of(address);
    channel =
        new Bootstrap()
            .group(group)
            .channel(EpollDomainDatagramChannel.class)
            .handler(
                new SimpleChannelInboundHandler<DomainDatagramPacket>() {
                  @Override
                  protected void channelRead0(ChannelHandlerContext ctx, DomainDatagramPacket p) {
                    messages.add(p.content().toString(StandardCharsets.UTF_8));
                  }
                })
            .bind(new DomainSocketAddress(address))
            .sync()
            .channel();
  }

  public Path path() {
    return path;
  }

  public List<String> messages() {
    return List.copyOf(messages);
  }

  public long count(String message) {
    return messages.stream().filter(m -> m.lines().anyMatch(message::equals)).count();
  }

  @Override
  public void close() {
    channel.close().awaitUninterruptibly();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
  }
}
