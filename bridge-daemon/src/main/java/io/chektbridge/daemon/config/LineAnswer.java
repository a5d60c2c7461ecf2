package io.chektbridge.daemon.config;

import com.fasterxml.jackson.annotation.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The bytes a serial-style panel link writes back for a line: the ACK byte 0x06 by default, "OK"
 * for communicators that expect it, nothing for a link that must stay silent. Written in YAML as a
 * double-quoted string, so {@code "\x06"} is the control byte itself; shown escaped the same way.
 */
public final class LineAnswer {
  public static final LineAnswer ACK = new LineAnswer(new byte[] {0x06});
  public static final LineAnswer NAK = new LineAnswer(new byte[] {0x15});
  public static final LineAnswer NONE = new LineAnswer(new byte[0]);

  /** Longer than any answer a receiver protocol uses; a longer value is a quoting mistake. */
  public static final int MAX_BYTES = 16;

  private final byte[] bytes;

  private LineAnswer(byte[] bytes) {
    this.bytes = bytes;
  }

  /** The answer as YAML gave it; characters above 0xFF are refused (a line carries bytes). */
  public static LineAnswer parse(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) > 0xFF) {
        throw new IllegalArgumentException(
            "'"
                + text
                + "' has a character that is not a single byte; "
                + "write control bytes as \"\\x06\" in double quotes");
      }
    }
    if (text.length() > MAX_BYTES) {
      throw new IllegalArgumentException(
          "an answer of " + text.length() + " bytes is too long (at most " + MAX_BYTES + ")");
    }
    return new LineAnswer(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  /** A copy of the bytes to write; empty means answer nothing. */
  public byte[] bytes() {
    return bytes.clone();
  }

  /** The bytes as the text YAML reads back to the same answer. */
  @JsonValue
  public String text() {
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }

  public boolean isEmpty() {
    return bytes.length == 0;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LineAnswer a && Arrays.equals(bytes, a.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  /** {@code \x06}, {@code OK}: printable bytes as they are, the others as {@code \xHH}. */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    for (byte b : bytes) {
      int c = b & 0xFF;
      out.append(
          c >= 0x20 && c < 0x7F && c != '\\'
              ? String.valueOf((char) c)
              : String.format("\\x%02X", c));
    }
    return out.toString();
  }
}
