package io.chektbridge.daemon.config;

/** The length and alphabet rules of a DC-09 AES key as the config's {@code key_format} says. */
final class DcKeyFormat {
  private DcKeyFormat() {
  }

  static void check(String key, BridgeConfig.KeyFormat format) {
    if (format == BridgeConfig.KeyFormat.HEX) {
      boolean hex = key.chars().allMatch(c -> Character.digit(c, 16) >= 0);
      if (!hex || (key.length() != 32 && key.length() != 48 && key.length() != 64)) {
        throw new IllegalArgumentException("key_format hex needs 32, 48 or 64 hex digits (AES-128/192/256); "
            + "the file holds " + key.length() + " characters" + (hex ? "" : " that are not all hex"));
      }
    } else if (key.length() != 16 && key.length() != 24 && key.length() != 32) {
      throw new IllegalArgumentException("key_format text needs 16, 24 or 32 characters (AES-128/192/256); "
          + "the file holds " + key.length());
    }
  }
}
