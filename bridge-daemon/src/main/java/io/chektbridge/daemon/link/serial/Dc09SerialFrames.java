package io.chektbridge.daemon.link.serial;

import io.chektbridge.sia.Dc09Framer;

/** DC-09 frames on a serial line: {@link Dc09Framer}'s rules, the same as on the receiver's TCP connections. */
final class Dc09SerialFrames implements SerialFrameSplitter {
  private final Dc09Framer framer;

  Dc09SerialFrames(int maxMessageBytes) {
    this.framer = new Dc09Framer(maxMessageBytes);
  }

  @Override
  public void feed(byte[] data, int count, Sink sink) {
    framer.feed(data, 0, count, new Dc09Framer.Sink() {
      @Override
      public void frame(byte[] frame) {
        sink.message(frame);
      }

      @Override
      public void tooLong(int bytes) {
        sink.oversize(bytes);
      }

      @Override
      public void junk(int bytes) {
        sink.junk(bytes);
      }
    });
  }
}
