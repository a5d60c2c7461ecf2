package io.chektbridge.daemon.link.dc09;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Cuts a TCP byte stream into DC-09 frames, LF … CR inclusive: several frames per read, a frame
 * split across reads, junk before the LF and NULs after the CR skipped. The CR search starts three
 * bytes after the LF because the Lupus/OPAX binary-CRC variant puts two raw CRC bytes there, which
 * may themselves be 0x0D. A frame longer than {@code maxFrameBytes} is dropped (and reported with
 * an {@link Oversize} message) so a peer cannot make the buffer grow.
 */
final class Dc09FrameSplitter extends ByteToMessageDecoder {
  private static final byte LF = '\n';
  private static final byte CR = '\r';
  private static final int CRC_BYTES = 3;

  private final int maxFrameBytes;

  /** Told to the next handler when a frame was too long and was dropped. */
  record Oversize(int bytes) {
  }

  /** Told to the next handler when bytes before a frame's LF were skipped. */
  record Junk(int bytes) {
  }

  Dc09FrameSplitter(int maxFrameBytes) {
    this.maxFrameBytes = maxFrameBytes;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    while (in.isReadable()) {
      int lf = in.indexOf(in.readerIndex(), in.writerIndex(), LF);
      if (lf < 0) {
        skipJunk(in, in.writerIndex(), out);
        return;
      }
      skipJunk(in, lf, out);
      int searchFrom = Math.min(lf + CRC_BYTES, in.writerIndex());
      int cr = in.indexOf(searchFrom, Math.min(in.writerIndex(), lf + maxFrameBytes), CR);
      int nextLf = in.indexOf(searchFrom, cr < 0 ? in.writerIndex() : cr, LF);
      if (nextLf >= 0) {
        // a frame cut short (its sender reconnected or the line glitched), or one far too long
        if (nextLf - lf >= maxFrameBytes) {
          out.add(new Oversize(nextLf - lf));
          in.readerIndex(nextLf);
        } else {
          in.readerIndex(lf);
          skipJunk(in, nextLf, out);
        }
        continue;
      }
      if (cr < 0) {
        if (in.writerIndex() - lf >= maxFrameBytes) {
          out.add(new Oversize(in.writerIndex() - lf));
          in.readerIndex(in.writerIndex());
        }
        return;
      }
      out.add(in.readRetainedSlice(cr + 1 - lf));
    }
  }

  private static void skipJunk(ByteBuf in, int upTo, List<Object> out) {
    int junk = 0;
    for (int i = in.readerIndex(); i < upTo; i++) {
      if (in.getByte(i) != 0) {
        junk++;
      }
    }
    in.readerIndex(upTo);
    if (junk > 0) {
      out.add(new Junk(junk));
    }
  }
}
