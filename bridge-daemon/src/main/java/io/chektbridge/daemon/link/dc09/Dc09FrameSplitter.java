package io.chektbridge.daemon.link.dc09;

import io.chektbridge.sia.Dc09StreamFramer;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Netty's side of {@link Dc09StreamFramer}: the bytes of one TCP connection in, one {@code byte[]}
 * per frame (LF … CR) out, plus {@link Oversize} and {@link Junk} notices for the log. The framing
 * rules live in the framer, shared with the serial links.
 */
final class Dc09FrameSplitter extends ChannelInboundHandlerAdapter {
  private final Dc09StreamFramer framer;
  private ChannelHandlerContext ctx;
  private final Dc09StreamFramer.Sink sink = new Dc09StreamFramer.Sink() {
    @Override
    public void frame(byte[] frame) {
      ctx.fireChannelRead(frame);
    }

    @Override
    public void oversize(int bytes) {
      ctx.fireChannelRead(new Oversize(bytes));
    }

    @Override
    public void junk(int bytes) {
      ctx.fireChannelRead(new Junk(bytes));
    }
  };

  /** Told to the next handler when a frame was too long and was dropped. */
  record Oversize(int bytes) {
  }

  /** Told to the next handler when bytes outside any frame were skipped. */
  record Junk(int bytes) {
  }

  Dc09FrameSplitter(int maxFrameBytes) {
    this.framer = new Dc09StreamFramer(maxFrameBytes);
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof ByteBuf in)) {
      ctx.fireChannelRead(msg);
      return;
    }
    try {
      in.forEachByte(b -> {
        framer.feed(b, sink);
        return true;
      });
      framer.flushJunk(sink);
    } finally {
      in.release();
    }
  }
}
