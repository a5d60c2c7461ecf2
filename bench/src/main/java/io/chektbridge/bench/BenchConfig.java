package io.chektbridge.bench;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The parts of a benchmarked daemon's bridge.yaml. The DC-09 receiver's rate and per-address limits
 * are lifted out of the way, so what a run measures is the daemon, not a limit.
 */
final class BenchConfig {
  static final String SITE = "site_bench";
  static final String API_KEY = "chekt_test_" + "0123456789abcdef".repeat(2);
  static final String EVENTS_PATH = "/ext/v1/events";

  private BenchConfig() {}

  /**
   * {@code site} and {@code cloud} for a stand-in at {@code baseUrl}; writes the API key file into
   * {@code work}.
   */
  static String cloud(String baseUrl, Path work) throws IOException {
    Path key = BenchDaemon.writeSecret(work.resolve("api-key"), API_KEY);
    return """
        site:
          id: %s
        cloud:
          base_url: %s
          auth:
            type: api_key
            api_key_file: %s
          events_path: %s
        """
        .formatted(SITE, baseUrl, key, EVENTS_PATH);
  }

  /**
   * {@code receivers}, {@code status} and {@code storage}; {@code keyedAccount}, when not null, is
   * an AES account.
   */
  static String receiver(int dc09, int status, Path data, String keyedAccount, Path keyFile) {
    String accounts =
        keyedAccount == null
            ? ""
            : """
            accounts:
              - account: "%s"
                key_file: %s
        """
                .formatted(keyedAccount, keyFile);
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
        """
        .formatted(dc09, accounts, status, data);
  }
}
