package io.chektbridge.daemon.link.serial;

import io.chektbridge.sia.Dc09StreamFramer;

/** DC-09 frames on a serial line: {@link Dc09StreamFramer}'s rules, the same as on the receiver's TCP connections. */
final class Dc09SerialFrames implements SerialFrameSplitter {
  private final Dc09StreamFramer framer;

  Dc09SerialFrames(int maxMessageBytes) {
    this.framer = new Dc09StreamFramer(maxMessageBytes);
  }

  @Override
  public void feed(byte[] data, int count, Sink sink) {
    framer.feed(data, 0, count, new Dc09StreamFramer.Sink() {
      @Override
      public void frame(byte[] frame) {
        sink.message(frame);
      }

      @Override
      public void oversize(int bytes) {
        sink.oversize(bytes);
      }

      @Override
      public void junk(int bytes) {
        sink.junk(bytes);
      }
    });
  }
}
