package io.chektbridge.daemon.link.dc09;

import io.chektbridge.daemon.testing.PanelSocket;
import io.chektbridge.sia.Dc09Encoder;
import io.chektbridge.sia.Dc09Token;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/** A panel's side of the receiver tests: frames to send, the exact ACK to expect, socket I/O. */
final class Dc09Panel {
  private Dc09Panel() {}

  static byte[] frame(String account, String seq, String data, byte[] key, Instant ts) {
    return Dc09Encoder.encode(
        Dc09Token.SIA_DCS, seq, null, "0", account, "#" + account + "|" + data, List.of(), ts, key);
  }

  static byte[] frame(String seq, String data) {
    return frame("1234", seq, data, null, Instant.now());
  }

  /** The ACK a receiver must send, built here with an independent CRC-16/ARC. */
  static String expectedAck(String seq, String account) {
    String body = "\"ACK\"" + seq + "L0#" + account + "[]";
    int crc = 0;
    for (byte b : body.getBytes(StandardCharsets.US_ASCII)) {
      crc ^= b & 0xff;
      for (int i = 0; i < 8; i++) {
        crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0xA001 : crc >>> 1;
      }
    }
    return String.format("\n%04X0%03X%s\r", crc, body.length(), body);
  }

  static void send(Socket s, byte[] bytes) throws IOException {
    OutputStream out = s.getOutputStream();
    out.write(bytes);
    out.flush();
  }

  static String readAnswer(Socket s) throws IOException {
    byte[] answer = PanelSocket.readFrame(s.getInputStream());
    if (answer == null) {
      throw new IOException("connection closed before an answer");
    }
    return new String(answer, StandardCharsets.ISO_8859_1);
  }
}
