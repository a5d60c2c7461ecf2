package io.chektbridge.daemon.link.dc09;

import io.chektbridge.sia.Dc09Framer;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetSocketAddress;

/**
 * Netty's side of {@link Dc09Framer}: the bytes of one TCP connection in, one {@code byte[]} per
 * frame (LF … CR) down the pipeline. What is dropped on the way goes to a {@link Skipped} listener
 * instead, so every message past this handler is a frame.
 */
final class Dc09FrameDecoder extends ChannelInboundHandlerAdapter implements Dc09Framer.Sink {
  /** Told what the framer dropped, for the metric and the log. */
  interface Skipped {
    /** A frame of {@code bytes} had no CR within the limit and was dropped. */
    void tooLong(InetSocketAddress peer, int bytes);

    /** {@code bytes} outside any frame were skipped. */
    void junk(InetSocketAddress peer, int bytes);
  }

  private final Dc09Framer framer;
  private final Skipped skipped;
  private ChannelHandlerContext ctx;

  Dc09FrameDecoder(int maxFrameBytes, Skipped skipped) {
    this.framer = new Dc09Framer(maxFrameBytes);
    this.skipped = skipped;
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
      in.forEachByte(
          b -> {
            framer.feed(b, this);
            return true;
          });
      framer.flushJunk(this);
    } finally {
      in.release();
    }
  }

  @Override
  public void frame(byte[] frame) {
    ctx.fireChannelRead(frame);
  }

  @Override
  public void tooLong(int bytes) {
    skipped.tooLong(peer(), bytes);
  }

  @Override
  public void junk(int bytes) {
    skipped.junk(peer(), bytes);
  }

  private InetSocketAddress peer() {
    return (InetSocketAddress) ctx.channel().remoteAddress();
  }
}
