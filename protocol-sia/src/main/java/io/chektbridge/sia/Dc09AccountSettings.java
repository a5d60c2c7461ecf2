package io.chektbridge.sia;

import java.time.Duration;
import java.util.Objects;

/**
 * Per-account receiver settings.
 *
 * @param account the account as the panel sends it
 * @param key AES key bytes (16/24/32), or null for a plaintext account
 * @param maxAge how far a frame timestamp may lie behind the receiver clock (default 40 s)
 * @param maxAhead how far it may lie ahead (default 20 s)
 */
public record Dc09AccountSettings(String account, byte[] key, Duration maxAge, Duration maxAhead) {
  public static final Duration DEFAULT_MAX_AGE = Duration.ofSeconds(40);
  public static final Duration DEFAULT_MAX_AHEAD = Duration.ofSeconds(20);

  public Dc09AccountSettings {
    Objects.requireNonNull(account, "account");
    maxAge = maxAge == null ? DEFAULT_MAX_AGE : maxAge;
    maxAhead = maxAhead == null ? DEFAULT_MAX_AHEAD : maxAhead;
    if (key != null && key.length != 16 && key.length != 24 && key.length != 32) {
      throw new IllegalArgumentException(
          "AES key for account " + account + " must be 16, 24 or 32 bytes");
    }
    key = key == null ? null : key.clone();
  }

  /** Plaintext account with the default window. */
  public static Dc09AccountSettings plain(String account) {
    return new Dc09AccountSettings(account, null, null, null);
  }

  /** Encrypted account with the default window. */
  public static Dc09AccountSettings encrypted(String account, byte[] key) {
    return new Dc09AccountSettings(account, key, null, null);
  }

  @Override
  public byte[] key() {
    return key == null ? null : key.clone();
  }

  /** The key without a defensive copy, for the decoder's hot path. */
  byte[] keyUnsafe() {
    return key;
  }
}
