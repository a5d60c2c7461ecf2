package io.chektbridge.sia;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Reads the DC-09 envelope (framing, CRC, length, header fields) and the plaintext content. */
final class Dc09FrameReader {
  private static final byte LF = '\n';
  private static final byte CR = '\r';
  private static final int MAX_TOKEN = 9; // "*SIA-DCS" is 8
  private static final byte[] CR_ONLY = {CR};

  private Dc09FrameReader() {}

  /** Parsed data block, extended blocks and timestamp of a plaintext content. */
  record Content(String data, List<Dc09ExtendedData> extended, Instant timestamp) {}

  /** Outer layer; the CRC format is known as soon as the header shape is, for the NAK. */
  static Dc09Envelope readEnvelope(byte[] buf, int offset, int length, CrcFormat[] formatOut)
      throws Dc09Exception {
    int end = trimEnd(buf, offset, offset + length);
    boolean hadCr = end > offset && buf[end - 1] == CR;
    if (hadCr) {
      end--;
    }
    int start = frameStart(buf, offset, end);
    if (start < 0) {
      throw new Dc09Exception(Dc09Error.MALFORMED, "no DC-09 header (crc, 0LLL, \"token\") found");
    }
    Dc09HeaderShape shape = Dc09HeaderShape.of(buf, start, end);
    CrcFormat format = shape == Dc09HeaderShape.HEX ? CrcFormat.HEX : CrcFormat.BINARY;
    int bodyStart = start + shape.bodyOffset();
    int declaredCrc =
        format == CrcFormat.HEX
            ? hex(buf, start, 4)
            : (buf[start] & 0xFF) << 8 | (buf[start + 1] & 0xFF);
    formatOut[0] = format;
    int declaredLength = hex(buf, bodyStart - 3, 3); // the shape has checked its digits
    int bodyLength = end - bodyStart;
    if (declaredLength == bodyLength + 1 && hadCr && format == CrcFormat.HEX) {
      format = CrcFormat.HEX_INCLUDING_CR; // ELDES counts the CR, in the length and in the CRC
      formatOut[0] = format;
    } else if (declaredLength != bodyLength) {
      throw new Dc09Exception(
          Dc09Error.LENGTH_MISMATCH,
          String.format(
              "frame says length %03X, content is %03X bytes", declaredLength, bodyLength));
    }
    int crc = Crc16Arc.compute(buf, bodyStart, bodyLength);
    if (format == CrcFormat.HEX_INCLUDING_CR) {
      crc = Crc16Arc.update(crc, CR_ONLY, 0, 1);
    }
    if (crc != declaredCrc) {
      throw new Dc09Exception(
          Dc09Error.CRC_MISMATCH,
          String.format("frame says CRC %04X, content gives %04X", declaredCrc, crc));
    }
    return readHeader(new String(buf, bodyStart, bodyLength, StandardCharsets.ISO_8859_1), format);
  }

  /**
   * Where the frame's CRC starts: at the input's start, or after the last LF before a header shape
   * (junk, CR LF of a previous frame or LF keepalives before it are skipped); -1 when none is
   * found.
   */
  private static int frameStart(byte[] buf, int offset, int end) {
    for (int i = offset; i < end; i++) {
      if ((i == offset || buf[i - 1] == LF) && Dc09HeaderShape.of(buf, i, end).isFrame()) {
        return i;
      }
    }
    return -1;
  }

  /**
   * The end without what senders put after the CR: NUL padding (G90B and others), an LF (CR LF),
   * spaces.
   */
  private static int trimEnd(byte[] buf, int offset, int end) {
    while (end > offset && (buf[end - 1] == 0 || buf[end - 1] == LF || buf[end - 1] == ' ')) {
      end--;
    }
    return end;
  }

  private static Dc09Envelope readHeader(String body, CrcFormat format) throws Dc09Exception {
    int close = body.indexOf('"', 1);
    if (close < 2 || close > MAX_TOKEN + 1) {
      throw new Dc09Exception(Dc09Error.MALFORMED, "id token is not closed by a quote");
    }
    boolean encrypted = body.charAt(1) == '*';
    String tokenText = body.substring(encrypted ? 2 : 1, close);
    int p = close + 1;
    if (body.length() < p + 4 || Dc09Timestamp.digits(body, p, 4) < 0) {
      throw new Dc09Exception(Dc09Error.MALFORMED, "sequence is not 4 digits");
    }
    String sequence = body.substring(p, p + 4);
    p += 4;
    String receiver = null;
    if (p < body.length() && body.charAt(p) == 'R') {
      int e = hexRun(body, p + 1, 6);
      receiver = body.substring(p + 1, e);
      p = e;
    }
    if (p >= body.length() || body.charAt(p) != 'L') {
      throw new Dc09Exception(Dc09Error.MALFORMED, "line prefix L missing");
    }
    int lineEnd = hexRun(body, p + 1, 6);
    String line = body.substring(p + 1, lineEnd);
    p = lineEnd;
    String account = null;
    if (p < body.length() && body.charAt(p) == '#') {
      int e = hexRun(body, p + 1, 16);
      if (e == p + 1) {
        throw new Dc09Exception(Dc09Error.MALFORMED, "account after # is empty");
      }
      account = body.substring(p + 1, e);
      p = e;
    }
    if (p >= body.length() || body.charAt(p) != '[') {
      throw new Dc09Exception(Dc09Error.MALFORMED, "data block [ missing after the header");
    }
    return new Dc09Envelope(
        tokenText,
        Dc09Token.fromWire(tokenText),
        encrypted,
        new Dc09Echo(sequence, receiver, line, account),
        body.substring(p + 1),
        format);
  }

  /** Splits {@code data]ext..._ts} into its parts. */
  static Content readContent(String content) throws Dc09Exception {
    int close = content.indexOf(']');
    if (close < 0) {
      throw new Dc09Exception(Dc09Error.MALFORMED, "data block is not closed by ]");
    }
    String data = Cp1252.fromLatin1(content.substring(0, close));
    List<Dc09ExtendedData> extended = List.of();
    int p = close + 1;
    while (p < content.length() && content.charAt(p) == '[') {
      int e = content.indexOf(']', p);
      if (e < p + 2) {
        throw new Dc09Exception(Dc09Error.MALFORMED, "extended data block is empty or not closed");
      }
      char id = content.charAt(p + 1);
      if (id < 'A' || id > 'Z') {
        throw new Dc09Exception(
            Dc09Error.MALFORMED, "extended data block does not start with a letter");
      }
      if (extended.isEmpty()) {
        extended = new ArrayList<>(2);
      }
      extended.add(new Dc09ExtendedData(id, Cp1252.fromLatin1(content.substring(p + 2, e))));
      p = e + 1;
    }
    Instant timestamp = null;
    if (p < content.length()) {
      timestamp = Dc09Timestamp.parse(content, p);
      if (timestamp == null) {
        throw new Dc09Exception(
            Dc09Error.MALFORMED, "text after the data is not a timestamp _HH:MM:SS,MM-DD-YYYY");
      }
    }
    return new Content(data, extended, timestamp);
  }

  /** End of a run of at most {@code max} hex digits starting at {@code from}. */
  private static int hexRun(String s, int from, int max) {
    int i = from;
    while (i < s.length() && i - from < max && Character.digit(s.charAt(i), 16) >= 0) {
      i++;
    }
    return i;
  }

  /** Value of {@code count} hex digits (either case), or -1. */
  private static int hex(byte[] buf, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      int d = Character.digit(buf[i], 16);
      if (d < 0) {
        return -1;
      }
      value = value << 4 | d;
    }
    return value;
  }
}
