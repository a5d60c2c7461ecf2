package io.chektbridge.sia;

/**
 * How a frame carried its CRC and length; an answer is written the same way, because panels that
 * use a variant reject answers in the standard form.
 */
public enum CrcFormat {
  /** Standard: 4 hex digits, CRC and length over {@code "id"…timestamp}. */
  HEX,
  /** Lupusec / OPAX: the CRC as 2 raw bytes, big-endian, then the ASCII {@code 0LLL}. */
  BINARY,
  /** ELDES: 4 hex digits, but CRC and length both cover the closing CR as well. */
  HEX_INCLUDING_CR
}
