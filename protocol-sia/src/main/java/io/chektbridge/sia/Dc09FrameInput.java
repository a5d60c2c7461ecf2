package io.chektbridge.sia;

import java.io.IOException;
import java.io.InputStream;

/**
 * The frames of a blocking stream, one at a time: what a panel, or a tool playing one, reads back
 * from a receiver on a socket or a serial line. The framing is {@link Dc09Framer}'s, so a reader
 * cannot disagree with the receiver on where a frame starts; junk and anything longer than the
 * DC-09 length field allows are skipped. It reads a byte at a time and stops at the frame's CR, so
 * nothing after the frame is consumed (a buffered stream keeps this cheap).
 */
public final class Dc09FrameInput {
  private final InputStream in;
  private final Dc09Framer framer = new Dc09Framer(Dc09Framer.LONGEST_FRAME);
  private final Dc09Framer.Sink sink =
      new Dc09Framer.Sink() {
        @Override
        public void frame(byte[] frame) {
          next = frame;
        }

        @Override
        public void tooLong(int bytes) {
          // no well-formed frame is this long: noise, like junk
        }

        @Override
        public void junk(int bytes) {
          // a reader only wants the frames
        }
      };
  private byte[] next;

  public Dc09FrameInput(InputStream in) {
    this.in = in;
  }

  /** The next frame, LF … CR; null when the stream ends before one is complete. */
  public byte[] next() throws IOException {
    next = null;
    while (next == null) {
      int b = in.read();
      if (b < 0) {
        return null;
      }
      framer.feed((byte) b, sink);
    }
    return next;
  }
}
