package io.chektbridge.daemon.link.line;

import io.chektbridge.daemon.config.BridgeConfig;
import io.chektbridge.sia.Dc09Framer;

/**
 * Cuts the byte stream of a panel line (a serial port, a serial device server) into messages for
 * the link's framing. The outcomes are {@link Dc09Framer}'s three, whatever the framing: a Contact
 * ID line is reported as a frame, so one session handles both.
 */
interface LineFramer {
  /** The first {@code count} bytes of {@code data}, as read. */
  void feed(byte[] data, int count, Dc09Framer.Sink sink);

  /**
   * A fresh framer (one per connection) for {@code framing}, keeping at most {@code
   * maxMessageBytes}.
   */
  static LineFramer of(BridgeConfig.Framing framing, int maxMessageBytes) {
    if (framing == BridgeConfig.Framing.DC09) {
      Dc09Framer framer = new Dc09Framer(maxMessageBytes);
      return (data, count, sink) -> framer.feed(data, 0, count, sink);
    }
    return new ContactIdLineFramer(maxMessageBytes);
  }
}
