package io.chektbridge.daemon.link.dc09;

import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Backpressure for one TCP connection: its frames ({@code byte[]} from the {@link
 * Dc09FrameDecoder}) pass on at most as fast as their {@link FrameBudget} allows. A faster panel is
 * not cut off: its frames wait, in order, and the connection is not read meanwhile ({@code
 * autoRead} off), so TCP's own flow control holds the panel back. Every frame is still answered,
 * just not faster than the limit; a lock-step panel (send, wait for the ACK) simply sees slower
 * ACKs. At most one read's worth of frames waits.
 */
final class FramePacer extends ChannelInboundHandlerAdapter {
  private final FrameBudget budget;
  private final Consumer<InetSocketAddress> slowed;
  private final ArrayDeque<byte[]> waiting = new ArrayDeque<>();
  private boolean drainScheduled;

  /**
   * @param slowed told each time the connection is paused, for the metric and the log
   */
  FramePacer(FrameBudget budget, Consumer<InetSocketAddress> slowed) {
    this.budget = budget;
    this.slowed = slowed;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof byte[] frame)) {
      ctx.fireChannelRead(msg);
      return;
    }
    waiting.add(frame);
    if (!drainScheduled) {
      drain(ctx);
    }
  }

  private void drain(ChannelHandlerContext ctx) {
    drainScheduled = false;
    ChannelConfig config = ctx.channel().config();
    while (!waiting.isEmpty()) {
      long wait = budget.nanosUntilNext();
      if (wait > 0) {
        if (config.isAutoRead()) {
          config.setAutoRead(false);
          slowed.accept((InetSocketAddress) ctx.channel().remoteAddress());
        }
        drainScheduled = true;
        ctx.executor().schedule(() -> drain(ctx), wait, TimeUnit.NANOSECONDS);
        return;
      }
      budget.take();
      ctx.fireChannelRead(waiting.poll());
    }
    if (!config.isAutoRead()) {
      config.setAutoRead(true);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    waiting.clear(); // nobody to answer any more: the panel resends on its next connection
    ctx.fireChannelInactive();
  }
}
