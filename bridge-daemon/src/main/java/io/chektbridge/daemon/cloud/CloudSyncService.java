package io.chektbridge.daemon.cloud;

import io.chektbridge.daemon.config.BridgeConfig;
import io.chektbridge.daemon.ops.Alerts;
import io.chektbridge.daemon.ops.Metrics;
import io.chektbridge.daemon.outbox.OutboxStore;
import io.chektbridge.daemon.outbox.SiteIdRepair;
import io.chektbridge.daemon.state.SiteStateEngine;
import io.chektbridge.daemon.status.StatusRegistry;
import io.chektbridge.daemon.store.Database;
import io.chektbridge.daemon.threads.DaemonThreads;
import io.chektbridge.daemon.threads.RepeatingTask;
import io.chektbridge.daemon.time.HostClock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cloud sync as the daemon runs it: the outbox monitor (status sections, SYNC_LATE, retention, cap)
 * always, and the drain to the cloud once credentials are configured. Until then rows buffer.
 */
public final class CloudSyncService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CloudSyncService.class);
  static final Duration POLL = Duration.ofSeconds(1);

  private final ScheduledExecutorService timer;
  private final OutboxMonitor monitor;
  private final CloudConnection connection;
  private final CloudSync sync;

  private CloudSyncService(
      ScheduledExecutorService timer,
      OutboxMonitor monitor,
      CloudConnection connection,
      CloudSync sync) {
    this.timer = timer;
    this.monitor = monitor;
    this.connection = connection;
    this.sync = sync;
  }

  public static CloudSyncService start(
      BridgeConfig config,
      Database db,
      HostClock clock,
      Alerts alerts,
      Metrics metrics,
      StatusRegistry status)
      throws Exception {
    OutboxStore store = new OutboxStore(db);
    OutboxMonitor monitor =
        new OutboxMonitor(
            store,
            alerts,
            clock,
            config.cloud().outboxMaxPending(),
            config.cloud().deliveredRetention(),
            config.cloud().deadLetterRetention());
    if (!config.cloudSyncEnabled()) {
      monitor.syncOff();
    }
    ScheduledExecutorService timer = DaemonThreads.scheduled("outbox-monitor");
    RepeatingTask.schedule(
        timer, "The outbox check", monitor::check, Duration.ZERO, Duration.ofSeconds(1));
    RepeatingTask.schedule(
        timer,
        "Pruning delivered outbox rows",
        monitor::prune,
        Duration.ofMinutes(1),
        Duration.ofMinutes(60));
    status.section("outbox", monitor::statusSection);
    metrics.gauge(
        "chekt_bridge_outbox_pending",
        "Outbox rows waiting for the cloud",
        "",
        () -> ((Number) monitor.statusSection().get("pending")).doubleValue());
    CloudConnection connection = null;
    CloudSync sync = null;
    try {
      if (config.cloudSyncEnabled()) {
        connection = new CloudConnection(config, clock);
        new SiteIdRepair(db, config.site().id()).run();
        new OutboxStore(db).classifyUnclassified();
        sync =
            new CloudSync(
                    new CloudSync.Setup(
                        store,
                        requests(config),
                        connection.client(),
                        connection.pacer(),
                        RetryPolicy.contract(config.cloud().retryJitter()),
                        alerts,
                        metrics,
                        clock,
                        null,
                        POLL,
                        config.cloud().maxInFlight()))
                .start();
        status.section("cloud", sync::statusSection);
        monitor.onReturned(sync::rescan);
        LOG.info(
            "Cloud sync to {} for site {} with {}, {}",
            config.cloud().baseUrl(),
            config.site().id(),
            connection.credentials().describe(),
            connection.proxy().describe());
      } else {
        Map<String, Object> off = new HashMap<>();
        off.put("last_success", null);
        off.put("last_error", "cloud sync off: no cloud.auth configured");
        status.section("cloud", () -> off);
      }
    } catch (Exception e) {
      timer.shutdownNow();
      if (connection != null) {
        connection.close();
      }
      throw e;
    }
    return new CloudSyncService(timer, monitor, connection, sync);
  }

  /** Where this site's rows go. */
  public static CloudRequests requests(BridgeConfig config) {
    return new CloudRequests(config.site().id(), config.cloud().eventsPath());
  }

  /**
   * Reconciles the cloud's arming state with the state machine's (the CHeKT API contract §4.3):
   * once now, and after every 409 to an arming record. Nothing while cloud sync is off.
   */
  public void reconcileWith(
      SiteStateEngine engine, BridgeConfig config, Alerts alerts, Metrics metrics) {
    if (sync == null) {
      return;
    }
    ArmingReconciler reconciler =
        new ArmingReconciler(connection.client(), requests(config), engine, alerts, metrics);
    Runnable soon = () -> timer.execute(() -> reconcileLoudly(reconciler));
    sync.onArmingConflict(key -> soon.run());
    soon.run();
  }

  /** What the state machine calls after writing outbox rows. */
  public Runnable wakeUp() {
    return sync == null ? () -> {} : sync::wake;
  }

  public OutboxMonitor monitor() {
    return monitor;
  }

  /**
   * The reconciler logs its own failures; anything else it throws would vanish in the timer's
   * future.
   */
  private static void reconcileLoudly(ArmingReconciler reconciler) {
    try {
      reconciler.reconcile();
    } catch (RuntimeException e) {
      LOG.error(
          "Comparing the arming state with the cloud's failed: {}; it is tried again after the next"
              + " 409 or at the next start",
          e.toString(),
          e);
    }
  }

  @Override
  public void close() {
    if (sync != null) {
      sync.close();
    }
    if (connection != null) {
      connection.close();
    }
    // a monitor pass still running would meet H2 closing after us and log a false alarm
    DaemonThreads.finish(timer, Duration.ofSeconds(2));
  }
}
