package io.chektbridge.sia;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * Text in DC-09 data and extended blocks is Windows-1252 (ioBroker.sia#63). Frames are read as
 * Latin-1 (one char per byte, cheap and lossless); only text that holds bytes ≥ 0x80 is re-decoded.
 */
final class Cp1252 {
  static final Charset CHARSET = Charset.forName("windows-1252");

  private Cp1252() {}

  /** Re-decodes a string read as Latin-1 as Windows-1252. */
  static String fromLatin1(String latin1) {
    for (int i = 0; i < latin1.length(); i++) {
      if (latin1.charAt(i) >= 0x80) {
        return new String(latin1.getBytes(StandardCharsets.ISO_8859_1), CHARSET);
      }
    }
    return latin1;
  }

  /** Windows-1252 bytes of {@code text}; ASCII (nearly every frame) skips the charset encoder. */
  static byte[] encode(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) >= 0x80) {
        return text.getBytes(CHARSET);
      }
    }
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
