package io.chektbridge.daemon.cloud;

import io.chektbridge.daemon.config.BridgeConfig;
import io.chektbridge.daemon.ops.Alerts;
import io.chektbridge.daemon.ops.Metrics;
import io.chektbridge.daemon.status.StatusRegistry;
import io.chektbridge.daemon.store.Database;
import io.chektbridge.daemon.testing.BridgeYaml;
import io.chektbridge.daemon.time.HostClock;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The crash test's child JVM: opens the H2 outbox and runs cloud sync as the daemon wires it, until
 * it is killed. A SIGTERM stops it as it stops the daemon: cloud sync first (requests in flight are
 * cancelled, answered ones marked), then the database. Args: data directory, cloud base URL, API
 * key file.
 */
public final class CloudSyncChild {
  /** The last line of a child that stopped in order. */
  static final String STOPPED = "child stopped in order";

  private CloudSyncChild() {}

  public static void main(String[] args) throws Exception {
    Path data = Path.of(args[0]);
    BridgeConfig config =
        BridgeYaml.in(data)
            .cloud(OutboxRows.SITE, URI.create(args[1]), Path.of(args[2]))
            .timezone("UTC")
            .parse();
    Database db = Database.open(data);
    Alerts alerts = new Alerts(Clock.systemUTC());
    CloudSyncService sync =
        CloudSyncService.start(
            config, db, HostClock.system(), alerts, new Metrics(), new StatusRegistry());
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  sync.close();
                  db.close();
                  System.out.println(STOPPED);
                }));
    System.out.println("child ready");
    Thread.currentThread().join();
  }
}
