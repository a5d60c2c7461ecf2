package io.chektbridge.sia;

import java.time.Instant;
import java.util.List;

/**
 * The exact answer bytes a receiver sends. ACK and DUH echo seq, R (only if it came), L and #acct
 * as received (Pyronix rejects an ACK with an R it did not send, home-assistant/core#180511); an
 * encrypted frame gets {@code *ACK} encrypted with the same key; NAK is never encrypted and carries
 * the receiver's UTC time so the panel can resynchronise.
 */
public final class Dc09Responder {
  private Dc09Responder() {}

  /**
   * ACK for an accepted frame; encrypted ({@code *ACK}, with the receiver time) when key is
   * non-null.
   */
  public static byte[] ack(Dc09Frame frame, byte[] key, Instant now) {
    return echo(Dc09Token.ACK, frame.echo(), key, now, frame.crcFormat());
  }

  static byte[] ack(Dc09Envelope envelope, byte[] key, Instant now) {
    return echo(Dc09Token.ACK, envelope.echo(), key, now, envelope.crcFormat());
  }

  /**
   * DUH: understood as a frame but not served (unknown token, encrypted without a key). Never
   * encrypted.
   */
  static byte[] duh(Dc09Envelope envelope) {
    return echo(Dc09Token.DUH, envelope.echo(), null, null, envelope.crcFormat());
  }

  /** {@code "NAK"0000R0L0A0[]_<now UTC>}, in the caller's CRC format. */
  public static byte[] nak(Instant now, CrcFormat format) {
    // "A0" is the fixed account field of a NAK: the receiver may not know whose frame it was.
    return Dc09FrameWriter.write(
        Dc09Token.NAK.wire(),
        new Dc09Echo("0000", "0", "0A0", null),
        "",
        List.of(),
        now,
        null,
        format);
  }

  private static byte[] echo(
      Dc09Token token, Dc09Echo fields, byte[] key, Instant now, CrcFormat format) {
    return Dc09FrameWriter.write(
        token.wire(), fields, "", List.of(), key == null ? null : now, key, format);
  }
}
