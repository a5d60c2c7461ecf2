package io.chektbridge.daemon.link.dc09;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Closes a connection that has not delivered a complete frame (a {@code byte[]} from the {@link
 * Dc09FrameDecoder}) within the timeout. A panel sends its frame right after connecting; a socket
 * that sends nothing, or only noise, would otherwise hold a connection slot until {@code
 * idle_timeout}.
 */
final class FirstFrameTimeout extends ChannelInboundHandlerAdapter {
  private final Duration timeout;
  private final Consumer<InetSocketAddress> closing;
  private ScheduledFuture<?> timer;

  /**
   * @param closing told before a connection is closed for sending no frame, for the metric and the
   *     log
   */
  FirstFrameTimeout(Duration timeout, Consumer<InetSocketAddress> closing) {
    this.timeout = timeout;
    this.closing = closing;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    timer =
        ctx.executor()
            .schedule(
                () -> {
                  closing.accept((InetSocketAddress) ctx.channel().remoteAddress());
                  ctx.close();
                },
                timeout.toNanos(),
                TimeUnit.NANOSECONDS);
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof byte[]) {
      cancel();
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    cancel();
    ctx.fireChannelInactive();
  }

  private void cancel() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }
}
