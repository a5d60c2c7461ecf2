package io.chektbridge.daemon;

import io.chektbridge.daemon.cloud.CloudSyncService;
import io.chektbridge.daemon.config.BridgeConfig;
import io.chektbridge.daemon.config.SecretFiles;
import io.chektbridge.daemon.ops.Alerts;
import io.chektbridge.daemon.ops.Metrics;
import io.chektbridge.daemon.status.StatusRegistry;
import io.chektbridge.daemon.status.StatusServer;
import io.chektbridge.daemon.store.Database;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running bridge: opens storage, starts the status port, the panel links, the state machine and
 * cloud sync, in that order, and stops them in reverse. Every component is an {@link AutoCloseable}
 * pushed on a stack as it starts, so a failure half-way still releases what was opened.
 */
public final class Daemon implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);

  private final BridgeConfig config;
  private final Clock clock;
  private final Metrics metrics = new Metrics();
  private final Alerts alerts;
  private final StatusRegistry status = new StatusRegistry();
  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private volatile Database database;
  private StatusServer statusServer;
  private CloudSyncService cloudSync;

  public Daemon(BridgeConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
    this.alerts = new Alerts(clock);
  }

  public void start() throws Exception {
    LOG.info("chekt-bridge {} starting (site {}, data in {})", BridgeVersion.get(),
        config.site().id() == null ? "not set" : config.site().id(), config.storage().path().toAbsolutePath());
    try {
      startStatusPort();
      openStorage();
      startCloudSync();
      if (!config.cloudSyncEnabled()) {
        LOG.warn("Cloud sync is off: no cloud.auth in the config. Events are stored and will be sent "
            + "once site.id and credentials are set (chekt-bridge init).");
      }
      LOG.info("chekt-bridge ready");
    } catch (Exception e) {
      close();
      throw e;
    }
  }

  private void startStatusPort() throws IOException, InterruptedException {
    String token = config.status().tokenFile() == null ? null : SecretFiles.read(config.status().tokenFile());
    status.readiness("storage", () -> database != null);
    statusServer = new StatusServer(config.status().listen(), token, BridgeVersion.get(), clock, status, alerts, metrics);
    statusServer.start();
    started.push(statusServer);
  }

  private void openStorage() throws Exception {
    database = Database.open(config.storage().path());
    started.push(database);
    LOG.info("Storage open: {}", database.dataFile());
    Map<String, Object> site = new LinkedHashMap<>();
    site.put("id", config.site().id());
    site.put("timezone", config.site().timezone().getId());
    status.section("site", () -> site);
  }

  private void startCloudSync() throws Exception {
    cloudSync = CloudSyncService.start(config, database, clock, alerts, metrics, status);
    started.push(cloudSync);
  }

  /** Wakes cloud sync after outbox rows were committed (the state machine's listener). */
  public Runnable outboxListener() {
    return cloudSync == null ? () -> { } : cloudSync.wakeUp();
  }

  public StatusServer statusServer() {
    return statusServer;
  }

  /** Live events for walk-test ({@code GET /events}); components publish zone and panel activity here. */
  public io.chektbridge.daemon.status.EventStream events() {
    return statusServer.events();
  }

  /**
   * What is wrong right now, for the systemd watchdog: every readiness condition (storage, receivers
   * bound, components registered) plus whether H2 still answers a query.
   */
  public java.util.List<String> healthProblems() {
    java.util.List<String> problems = new java.util.ArrayList<>(status.notReady());
    Database db = database;
    if (db != null) {
      try (var c = db.connection(); var s = c.createStatement()) {
        s.setQueryTimeout(10);
        s.execute("SELECT 1");
      } catch (java.sql.SQLException e) {
        problems.add("storage does not answer (" + e.getMessage() + ")");
      }
    }
    return problems;
  }

  public Metrics metrics() {
    return metrics;
  }

  public Alerts alerts() {
    return alerts;
  }

  @Override
  public void close() {
    while (!started.isEmpty()) {
      AutoCloseable c = started.pop();
      try {
        c.close();
      } catch (Exception e) {
        LOG.warn("Stopping {} failed: {}", c.getClass().getSimpleName(), e.toString());
      }
    }
    database = null;
    LOG.info("chekt-bridge stopped");
  }
}
