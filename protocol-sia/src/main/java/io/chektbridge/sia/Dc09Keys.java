package io.chektbridge.sia;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Turns a configured key into AES key bytes. The format is never guessed: a 32-character all-hex
 * string is AES-256 as text but AES-128 as hex, and guessing wrong silently NAKs every frame.
 */
public final class Dc09Keys {
  private Dc09Keys() {}

  /**
   * Key bytes (16, 24 or 32) for the key text; IllegalArgumentException naming the problem
   * otherwise.
   */
  public static byte[] parse(String keyText, KeyFormat format) {
    if (keyText == null || format == null) {
      throw new IllegalArgumentException("key and key_format are required");
    }
    String key = keyText.strip();
    return switch (format) {
      case HEX -> parseHex(key);
      case TEXT -> parseText(key);
    };
  }

  private static byte[] parseHex(String key) {
    if (key.length() != 32 && key.length() != 48 && key.length() != 64) {
      throw new IllegalArgumentException(
          "hex key must have 32, 48 or 64 hex digits (AES-128/192/256), got "
              + key.length()
              + " characters");
    }
    try {
      return HexFormat.of().parseHex(key);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "hex key contains a character that is not a hex digit (0-9, A-F)");
    }
  }

  private static byte[] parseText(String key) {
    byte[] bytes = key.getBytes(StandardCharsets.ISO_8859_1);
    if (!StandardCharsets.US_ASCII.newEncoder().canEncode(key)
        || (bytes.length != 16 && bytes.length != 24 && bytes.length != 32)) {
      throw new IllegalArgumentException(
          "text key must be 16, 24 or 32 ASCII characters (AES-128/192/256), got "
              + key.length()
              + " characters");
    }
    return bytes;
  }
}
