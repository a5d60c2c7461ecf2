package io.chektbridge.daemon.link.dc09;

import io.chektbridge.daemon.config.BridgeConfig;
import io.chektbridge.daemon.config.SecretFiles;
import io.chektbridge.sia.Dc09AccountDirectory;
import io.chektbridge.sia.Dc09AccountSettings;
import io.chektbridge.sia.Dc09Keys;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/** The DC-09 accounts of the config, with their keys read once from their 0600 files. */
final class ConfiguredAccounts implements Dc09AccountDirectory {
  private final Map<String, Dc09AccountSettings> accounts;
  private final boolean acceptUnknown;

  private ConfiguredAccounts(Map<String, Dc09AccountSettings> accounts, boolean acceptUnknown) {
    this.accounts = Map.copyOf(accounts);
    this.acceptUnknown = acceptUnknown;
  }

  static ConfiguredAccounts of(BridgeConfig.Dc09 config) throws IOException {
    Map<String, Dc09AccountSettings> out = new HashMap<>();
    for (BridgeConfig.Account a : config.accounts()) {
      byte[] key = null;
      if (a.keyFile() != null) {
        key = Dc09Keys.parse(SecretFiles.read(a.keyFile()), a.keyFormat());
      }
      out.put(
          a.account().toUpperCase(java.util.Locale.ROOT),
          new Dc09AccountSettings(
              a.account(), key, a.timeWindow().maxAge(), a.timeWindow().maxAhead()));
    }
    return new ConfiguredAccounts(out, config.acceptUnknownAccounts());
  }

  @Override
  public Dc09AccountSettings lookup(String account) {
    return account == null ? null : accounts.get(account.toUpperCase(java.util.Locale.ROOT));
  }

  @Override
  public boolean acceptUnknownAccounts() {
    return acceptUnknown;
  }
}
