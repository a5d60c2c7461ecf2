package io.chektbridge.daemon.cloud;

import io.chektbridge.daemon.config.BridgeConfig;
import io.chektbridge.daemon.ops.Alerts;
import io.chektbridge.daemon.ops.Metrics;
import io.chektbridge.daemon.status.StatusRegistry;
import io.chektbridge.daemon.store.Database;
import io.chektbridge.daemon.time.HostClock;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;

/**
 * The crash test's child JVM: opens the H2 outbox and runs cloud sync as the daemon wires it, until
 * it is killed. Args: data directory, cloud base URL, API key file.
 */
public final class CloudSyncChild {
  private CloudSyncChild() {}

  public static void main(String[] args) throws Exception {
    BridgeConfig config =
        new BridgeConfig(
            new BridgeConfig.Site(OutboxRows.SITE, ZoneOffset.UTC),
            new BridgeConfig.Cloud(
                URI.create(args[1]),
                new BridgeConfig.Auth(
                    BridgeConfig.AuthType.API_KEY, Path.of(args[2]), null, null, null, null, null),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null),
            null,
            null,
            null,
            null,
            null,
            null,
            null);
    Database db = Database.open(Path.of(args[0]));
    CloudSyncService.start(
        config,
        db,
        HostClock.system(),
        new Alerts(Clock.systemUTC()),
        new Metrics(),
        new StatusRegistry());
    System.out.println("child ready");
    Thread.currentThread().join();
  }
}
