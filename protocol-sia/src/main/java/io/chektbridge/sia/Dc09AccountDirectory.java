package io.chektbridge.sia;

/**
 * Where the decoder finds an account's key and time window. Implementations must be thread-safe.
 */
public interface Dc09AccountDirectory {
  /** The settings for this account, or null when it is not configured. */
  Dc09AccountSettings lookup(String account);

  /**
   * Whether frames from unconfigured accounts are accepted (as plaintext with the default window).
   */
  boolean acceptUnknownAccounts();
}
