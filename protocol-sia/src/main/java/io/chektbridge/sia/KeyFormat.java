package io.chektbridge.sia;

/** How an AES key is written in the config: hex digits, or text whose bytes are the key. */
public enum KeyFormat {
  HEX,
  TEXT
}
