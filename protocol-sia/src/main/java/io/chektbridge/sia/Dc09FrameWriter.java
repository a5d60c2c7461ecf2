package io.chektbridge.sia;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/** Writes DC-09 frames: header, data (encrypted or not), CRC and length in the chosen format. */
final class Dc09FrameWriter {
  private static final HexFormat UPPER_HEX = HexFormat.of().withUpperCase();
  private static final byte[] CR_ONLY = {'\r'};

  private Dc09FrameWriter() {}

  /**
   * A complete frame LF…CR. With a key the content after {@code [} is encrypted and the token gets
   * its {@code *}; without one it is written in clear.
   */
  static byte[] write(
      String token,
      Dc09Echo echo,
      String data,
      List<Dc09ExtendedData> extended,
      Instant timestamp,
      byte[] key,
      CrcFormat format) {
    ByteArrayOutputStream content = new ByteArrayOutputStream(64);
    content.writeBytes(Cp1252.encode(data));
    content.write(']');
    for (Dc09ExtendedData x : extended) {
      content.write('[');
      content.write(x.id());
      content.writeBytes(Cp1252.encode(x.value()));
      content.write(']');
    }
    if (timestamp != null) {
      content.writeBytes(Dc09Timestamp.format(timestamp).getBytes(StandardCharsets.US_ASCII));
    }
    StringBuilder header = new StringBuilder(48).append('"');
    if (key != null) {
      header.append('*');
    }
    header.append(token).append('"').append(echo.sequence());
    if (echo.receiver() != null) {
      header.append('R').append(echo.receiver());
    }
    header.append('L').append(echo.line());
    if (echo.account() != null) {
      header.append('#').append(echo.account());
    }
    header.append('[');
    ByteArrayOutputStream body =
        new ByteArrayOutputStream(header.length() + content.size() * 2 + 40);
    body.writeBytes(header.toString().getBytes(StandardCharsets.ISO_8859_1));
    if (key == null) {
      body.writeBytes(content.toByteArray());
    } else {
      byte[] cipher = Dc09Cipher.forThisThread().encryptPadded(key, content.toByteArray());
      body.writeBytes(UPPER_HEX.formatHex(cipher).getBytes(StandardCharsets.US_ASCII));
    }
    return wrap(body.toByteArray(), format);
  }

  /** LF, CRC, 0LLL, body, CR. */
  static byte[] wrap(byte[] body, CrcFormat format) {
    boolean coverCr = format == CrcFormat.HEX_INCLUDING_CR;
    int covered = body.length + (coverCr ? 1 : 0);
    if (covered > 0xFFF) {
      throw new IllegalArgumentException(
          "frame body of " + covered + " bytes exceeds the 0xFFF length field");
    }
    int crc = Crc16Arc.compute(body, 0, body.length);
    if (coverCr) {
      crc = Crc16Arc.update(crc, CR_ONLY, 0, 1);
    }
    int crcSize = format == CrcFormat.BINARY ? 2 : 4;
    byte[] out = new byte[1 + crcSize + 4 + body.length + 1];
    int p = 0;
    out[p++] = '\n';
    if (format == CrcFormat.BINARY) {
      out[p++] = (byte) (crc >>> 8);
      out[p++] = (byte) crc;
    } else {
      p = putHex(out, p, crc, 4);
    }
    out[p++] = '0';
    p = putHex(out, p, covered, 3);
    System.arraycopy(body, 0, out, p, body.length);
    out[out.length - 1] = '\r';
    return out;
  }

  private static int putHex(byte[] out, int p, int value, int digits) {
    for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
      out[p++] = (byte) Character.toUpperCase(Character.forDigit((value >>> shift) & 0xF, 16));
    }
    return p;
  }
}
