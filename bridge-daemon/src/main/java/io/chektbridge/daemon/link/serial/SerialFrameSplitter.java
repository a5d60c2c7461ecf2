package io.chektbridge.daemon.link.serial;

import io.chektbridge.daemon.config.BridgeConfig;

/** Cuts the byte stream of a serial port (or a serial device server) into messages for the link's framing. */
interface SerialFrameSplitter {
  /** Where complete messages and overlong ones are reported. */
  interface Sink {
    void message(byte[] message);

    /** {@code bytes} were dropped because no message end came within the limit. */
    void oversize(int bytes);

    /** {@code bytes} outside any message were skipped (DC-09 framing; line ends, NUL and spaces are not counted). */
    void junk(int bytes);
  }

  /** The first {@code count} bytes of {@code data}, as read. */
  void feed(byte[] data, int count, Sink sink);

  /** A fresh splitter (one per connection) for {@code framing}, keeping at most {@code maxMessageBytes}. */
  static SerialFrameSplitter of(BridgeConfig.Framing framing, int maxMessageBytes) {
    return framing == BridgeConfig.Framing.DC09
        ? new Dc09SerialFrames(maxMessageBytes) : new ContactIdLineSplitter(maxMessageBytes);
  }
}
