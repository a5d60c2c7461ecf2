package io.chektbridge.sia;

import java.util.function.Function;

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

  /**
   * A directory answering from {@code lookup} (thread-safe, null for an unconfigured account), and
   * for the rest as {@code acceptUnknownAccounts} says.
   */
  static Dc09AccountDirectory of(
      Function<String, Dc09AccountSettings> lookup, boolean acceptUnknownAccounts) {
    return new Dc09AccountDirectory() {
      @Override
      public Dc09AccountSettings lookup(String account) {
        return lookup.apply(account);
      }

      @Override
      public boolean acceptUnknownAccounts() {
        return acceptUnknownAccounts;
      }
    };
  }
}
