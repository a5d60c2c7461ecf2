package io.chektbridge.bench;

import java.nio.file.Path;

/**
 * The receiver half of a benchmarked daemon's bridge.yaml. The DC-09 receiver's rate and
 * per-address limits are lifted out of the way, so what a run measures is the daemon, not a limit.
 */
final class BenchConfig {
  private BenchConfig() {
  }

  /** {@code receivers}, {@code status} and {@code storage}; {@code keyedAccount}, when not null, is an AES account. */
  static String receiver(int dc09, int status, Path data, String keyedAccount, Path keyFile) {
    String accounts = keyedAccount == null ? "" : """
            accounts:
              - account: "%s"
                key_file: %s
        """.formatted(keyedAccount, keyFile);
    return """
        receivers:
          dc09:
            listen: 127.0.0.1:%d
            accept_unknown_accounts: true
            max_frames_per_second: 1000000
            max_connections_per_address: 256
        %sstatus:
          listen: 127.0.0.1:%d
        storage:
          path: %s
        """.formatted(dc09, accounts, status, data);
  }
}
