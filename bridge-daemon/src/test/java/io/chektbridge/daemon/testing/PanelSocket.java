package io.chektbridge.daemon.testing;

import io.chektbridge.sia.Dc09Answer;
import io.chektbridge.sia.Dc09Decoder;
import io.chektbridge.sia.Dc09Encoder;
import io.chektbridge.sia.Dc09Exception;
import io.chektbridge.sia.Dc09FrameInput;
import io.chektbridge.sia.Dc09Token;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;

/** What a test "panel" needs on a socket: plaintext DC-09 frames out, answers in. */
public final class PanelSocket {
  private PanelSocket() {}

  /** A plaintext frame stamped now: {@code "token"seq L0 #account [#account|payload]}. */
  public static byte[] frame(Dc09Token token, String account, String sequence, String payload) {
    return Dc09Encoder.encode(
        token,
        sequence,
        null,
        "0",
        account,
        "#" + account + "|" + payload,
        List.of(),
        Instant.now(),
        null);
  }

  /**
   * The next answer frame (LF … CR), skipping anything before it; null when the stream ends.
   * Nothing after the frame's CR is read, so the next call on the same stream gets the next answer.
   */
  public static byte[] readFrame(InputStream in) throws IOException {
    return new Dc09FrameInput(in).next();
  }

  /**
   * Sends one unstamped ADM-CID frame ({@code "3401 01 003"}: qualifier+event, partition, zone or
   * user) from {@code account} to a DC-09 receiver on loopback and returns the decoded answer.
   */
  public static Dc09Answer sendContactId(int port, String account, int sequence, String cid)
      throws IOException, Dc09Exception {
    byte[] frame =
        Dc09Encoder.encode(
            Dc09Token.ADM_CID,
            String.format("%04d", sequence),
            null,
            "0",
            account,
            "#" + account + "|" + cid,
            List.of(),
            null,
            null);
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
      socket.setSoTimeout(5000);
      socket.getOutputStream().write(frame);
      return answer(readFrame(socket.getInputStream()));
    }
  }

  /** A plaintext answer decoded. */
  public static Dc09Answer answer(byte[] frame) throws Dc09Exception {
    return Dc09Decoder.decodeResponse(frame, 0, frame.length, null);
  }
}
