package io.chektbridge.daemon.link.line;

import io.chektbridge.daemon.config.BridgeConfig;
import io.chektbridge.daemon.config.LineAnswer;
import java.time.Duration;

/**
 * What one panel link speaks, whatever carries its bytes.
 *
 * @param link the journal's source name: "serial:/dev/ttyUSB0" or "tcp-link:panel-1"
 * @param kind the link kind in the {@code links} status section: "serial" or "tcp-link"
 * @param framing Contact ID lines or DC-09 frames
 * @param ack the answer to an accepted Contact ID line (empty: none)
 * @param nak the answer to a refused Contact ID line (empty: none)
 * @param supervision longest silence of an account seen on this link, or null for none
 */
public record LineSettings(
    String link,
    String kind,
    BridgeConfig.Framing framing,
    LineAnswer ack,
    LineAnswer nak,
    Duration supervision) {

  public static LineSettings of(BridgeConfig.SerialLink c) {
    return new LineSettings(
        "serial:" + c.port(), "serial", c.framing(), c.ack(), c.nak(), c.supervision());
  }

  /**
   * A TCP link's accounts are not supervised by silence: its connection is (see the tcp package).
   */
  public static LineSettings of(BridgeConfig.TcpLink c) {
    return new LineSettings(
        "tcp-link:" + c.name(), "tcp-link", c.framing(), c.ack(), c.nak(), null);
  }
}
