package io.chektbridge.daemon.cloud;

import io.chektbridge.daemon.cloud.fake.FakeChektCloud;
import io.chektbridge.daemon.config.BridgeConfig;
import io.chektbridge.daemon.config.SecretFiles;
import io.chektbridge.daemon.ops.Alerts;
import io.chektbridge.daemon.ops.Metrics;
import io.chektbridge.daemon.outbox.OutboxStore;
import io.chektbridge.daemon.outbox.SiteIdRepair;
import io.chektbridge.daemon.store.Database;
import io.chektbridge.daemon.time.HostClock;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;

/** A real H2 outbox, the fake cloud and CloudSync built from a real BridgeConfig, for one test. */
final class SyncHarness implements AutoCloseable {
  static final String API_KEY = "chekt_test_0123456789abcdef0123456789abcdef";
  static final String CLIENT = "client_bridge_1";
  static final String EVENTS = "/ext/v1/events";

  /** Now, to the second: outbox rows and cloud timestamps carry whole seconds. */
  static java.time.Instant now() {
    return java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
  }

  final FakeChektCloud cloud;
  final Path dir;
  final Database db;
  final OutboxRows rows;
  final Alerts alerts = new Alerts(Clock.systemUTC());
  final Metrics metrics = new Metrics();
  final RecordingSleeper sleeper = new RecordingSleeper();
  BridgeConfig config;

  /** cloud.proxy and cloud.proxy_auth_file for the next config built. */
  java.net.URI proxy;

  Path proxyAuthFile;
  KeyPair keys;
  CloudConnection connection;
  CloudSync sync;

  SyncHarness(Path dir) throws Exception {
    this.dir = dir;
    this.cloud = new FakeChektCloud().apiKey(API_KEY).site(OutboxRows.SITE, "disarmed", "1", "2");
    this.db = Database.open(dir.resolve("data"));
    this.rows = new OutboxRows(db);
    useApiKey(Duration.ofSeconds(3));
  }

  void useApiKey(Duration timeout) throws Exception {
    Path keyFile = dir.resolve("api-key");
    SecretFiles.write(keyFile, API_KEY);
    config =
        config(
            new BridgeConfig.Auth(
                BridgeConfig.AuthType.API_KEY, keyFile, null, null, null, null, null),
            timeout);
  }

  void useOAuth() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    keys = g.generateKeyPair();
    Path pem = dir.resolve("private-key.pem");
    SecretFiles.write(
        pem,
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes())
                .encodeToString(keys.getPrivate().getEncoded())
            + "\n-----END PRIVATE KEY-----");
    cloud.client(CLIENT, keys.getPublic());
    config =
        config(
            new BridgeConfig.Auth(
                BridgeConfig.AuthType.OAUTH_JWT,
                null,
                CLIENT,
                cloud.tokenUrl(),
                "https://adc-m2m.example/",
                pem,
                "kid-1"),
            Duration.ofSeconds(3));
  }

  private BridgeConfig config(BridgeConfig.Auth auth, Duration timeout) {
    return new BridgeConfig(
        new BridgeConfig.Site(OutboxRows.SITE, ZoneOffset.UTC),
        new BridgeConfig.Cloud(
            cloud.baseUrl(),
            auth,
            null,
            timeout,
            null,
            null,
            null,
            null,
            null,
            proxy,
            proxyAuthFile),
        null,
        null,
        List.of(
            new BridgeConfig.Zone(
                5, "Back Door", 1, BridgeConfig.ZoneType.ENTRY_EXIT, "cam_xyz789")),
        null,
        null,
        null,
        null);
  }

  /**
   * The requests that carried the item under {@code key} to the cloud, alone or in a bulk; a bulk
   * answered 404 or 405 (no bulk endpoint, nothing taken) does not count.
   */
  List<io.chektbridge.daemon.cloud.fake.RecordedRequest> carrying(String key) {
    return cloud.requests().stream()
        .filter(r -> r.status() != 404 && r.status() != 405)
        .filter(r -> key.equals(r.header("idempotency-key")) || r.body().contains('"' + key + '"'))
        .toList();
  }

  CloudSync start() throws Exception {
    return start(sleeper, HostClock.system());
  }

  CloudSync start(Sleeper s, HostClock clock) throws Exception {
    connection = new CloudConnection(config, clock);
    new SiteIdRepair(db, config.site().id()).run();
    new OutboxStore(db).classifyUnclassified();
    sync =
        new CloudSync(
                new CloudSync.Setup(
                    new OutboxStore(db),
                    CloudSyncService.requests(config),
                    connection.client(),
                    connection.pacer(),
                    RetryPolicy.contract(Duration.ZERO),
                    alerts,
                    metrics,
                    clock,
                    s,
                    Duration.ofMillis(50),
                    config.cloud().maxInFlight()))
            .start();
    return sync;
  }

  void stopSync() {
    if (sync != null) {
      sync.close();
      connection.close();
      sync = null;
    }
  }

  @Override
  public void close() {
    stopSync();
    db.close();
    cloud.close();
  }
}
