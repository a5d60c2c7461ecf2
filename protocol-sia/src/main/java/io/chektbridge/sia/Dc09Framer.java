package io.chektbridge.sia;

import java.util.Arrays;

/**
 * The one DC-09 framing rule: cuts a byte stream (a TCP connection, a serial line, a panel's
 * answers) into frames, LF … CR inclusive, with a fixed buffer so a peer cannot make it grow. It
 * does no I/O: bytes are fed in as read, and each outcome is reported to a {@link Sink} by its kind
 * (a frame, a frame too long to keep, junk skipped), as netty's line decoder does for text lines.
 * What panels really send between frames is skipped: CR LF line ends, LF keepalives, NUL padding,
 * spaces. A frame starts at the last LF before a header shape ({@link Dc09HeaderShape}), so an
 * extra LF never swallows the frame after it, and ends at the first CR after its id token's quote
 * (a binary CRC may itself hold CR or LF). An LF inside a frame means it was cut short (the sender
 * reconnected or the line glitched): it is dropped and the new frame read. CRC and length are not
 * judged here: a damaged frame still reaches the decoder, which NAKs it. Not thread-safe: one
 * reader feeds it.
 */
public final class Dc09Framer {
  /**
   * The longest frame the DC-09 length field allows: LF, a 4-character CRC, {@code 0LLL}, a body of
   * 0xFFF bytes, CR. A limit of this size never cuts a well-formed frame.
   */
  public static final int LONGEST_FRAME = 1 + 4 + 4 + 0xFFF + 1;

  private static final byte LF = '\n';
  private static final byte CR = '\r';

  /** The three outcomes of framing, each reported as soon as it is known. */
  public interface Sink {
    /** One frame, LF … CR. */
    void frame(byte[] frame);

    /**
     * {@code bytes} of a frame, LF and CR included, were dropped because no CR came within the
     * limit.
     */
    void tooLong(int bytes);

    /**
     * {@code bytes} that belong to no frame were skipped (NUL, LF, CR and space between frames are
     * not counted).
     */
    void junk(int bytes);
  }

  private enum State {
    BETWEEN_FRAMES,
    HEADER,
    BODY,
    TOO_LONG
  }

  private final byte[] buffer;
  private State state = State.BETWEEN_FRAMES;
  private int length;
  private int dropped;
  private int junk;

  /**
   * @param maxFrameBytes the longest frame kept, LF and CR included
   */
  public Dc09Framer(int maxFrameBytes) {
    if (maxFrameBytes < 16) {
      throw new IllegalArgumentException(
          "a DC-09 frame needs at least 16 bytes, not " + maxFrameBytes);
    }
    this.buffer = new byte[maxFrameBytes];
  }

  /** Feeds {@code data[offset..offset+count)}; junk skipped in it is reported before returning. */
  public void feed(byte[] data, int offset, int count, Sink sink) {
    for (int i = offset; i < offset + count; i++) {
      feed(data[i], sink);
    }
    flushJunk(sink);
  }

  /** Feeds one byte; junk is reported at the next frame or {@link #flushJunk}. */
  public void feed(byte b, Sink sink) {
    switch (state) {
      case BETWEEN_FRAMES -> {
        if (b == LF) {
          startAt(b);
        } else {
          skip(b);
        }
      }
      case HEADER -> header(b, sink);
      case BODY -> body(b, sink);
      case TOO_LONG -> tooLong(b, sink);
    }
  }

  /** Reports the junk skipped since the last report. */
  public void flushJunk(Sink sink) {
    if (junk > 0) {
      sink.junk(junk);
      junk = 0;
    }
  }

  private void header(byte b, Sink sink) {
    buffer[length++] = b;
    Dc09HeaderShape shape = Dc09HeaderShape.of(buffer, 1, length);
    while (shape == Dc09HeaderShape.NONE) {
      int lf = nextLf();
      skipAll(0, lf < 0 ? length : lf);
      if (lf < 0) {
        state = State.BETWEEN_FRAMES;
        length = 0;
        return;
      }
      System.arraycopy(buffer, lf, buffer, 0, length - lf);
      length -= lf;
      shape = Dc09HeaderShape.of(buffer, 1, length);
    }
    if (shape.isFrame()) {
      state = State.BODY;
      flushJunk(sink);
    }
  }

  private void body(byte b, Sink sink) {
    if (b == LF) {
      skipAll(0, length); // cut short: the sender starts over
      startAt(b);
    } else if (length == buffer.length) {
      dropped = length;
      state = State.TOO_LONG;
      tooLong(b, sink);
    } else {
      buffer[length++] = b;
      if (b == CR) {
        sink.frame(Arrays.copyOf(buffer, length));
        state = State.BETWEEN_FRAMES;
        length = 0;
      }
    }
  }

  /** Counts a too-long frame up to its CR, or up to the LF of the next frame. */
  private void tooLong(byte b, Sink sink) {
    if (b != LF) {
      dropped++;
    }
    if (b == LF || b == CR) {
      sink.tooLong(dropped);
      state = State.BETWEEN_FRAMES;
      length = 0;
    }
    if (b == LF) {
      startAt(b);
    }
  }

  private void startAt(byte lf) {
    buffer[0] = lf;
    length = 1;
    state = State.HEADER;
  }

  /** The next LF after the candidate's own, or -1. */
  private int nextLf() {
    for (int i = 1; i < length; i++) {
      if (buffer[i] == LF) {
        return i;
      }
    }
    return -1;
  }

  private void skipAll(int from, int to) {
    for (int i = from; i < to; i++) {
      skip(buffer[i]);
    }
  }

  private void skip(byte b) {
    if (b != 0 && b != LF && b != CR && b != ' ') {
      junk++;
    }
  }
}
