package io.chektbridge.sia;

import java.time.Instant;
import java.util.List;

/**
 * Builds complete DC-09 frames (LF…CR), as a panel would send them: for tests and {@code
 * send-test}.
 */
public final class Dc09Encoder {
  private Dc09Encoder() {}

  /**
   * The frame's bytes. An encrypted frame needs the key; the pad in front of the ciphertext is
   * random, so two encodings of one encrypted frame differ (as they do between real panels).
   */
  public static byte[] encode(Dc09Frame frame, byte[] key) {
    if (frame.encrypted() != (key != null)) {
      throw new IllegalArgumentException(
          frame.encrypted()
              ? "an encrypted frame needs a key"
              : "a key was given for a frame marked plaintext");
    }
    if (frame.encrypted() && frame.timestamp() == null) {
      throw new IllegalArgumentException("an encrypted frame must carry a timestamp");
    }
    return Dc09FrameWriter.write(
        frame.token().wire(),
        frame.echo(),
        frame.data(),
        frame.extended(),
        frame.timestamp(),
        key,
        frame.crcFormat());
  }

  /** A standard (hex CRC) frame; encrypted when {@code key} is non-null. */
  public static byte[] encode(
      Dc09Token token,
      String sequence,
      String receiver,
      String line,
      String account,
      String data,
      List<Dc09ExtendedData> extended,
      Instant timestamp,
      byte[] key) {
    return encode(
        new Dc09Frame(
            token,
            key != null,
            sequence,
            receiver,
            line,
            account,
            data,
            extended,
            timestamp,
            CrcFormat.HEX),
        key);
  }
}
