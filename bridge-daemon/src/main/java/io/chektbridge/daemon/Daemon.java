package io.chektbridge.daemon;

import io.chektbridge.daemon.cloud.CloudSyncService;
import io.chektbridge.daemon.config.BridgeConfig;
import io.chektbridge.daemon.config.SecretFiles;
import io.chektbridge.daemon.journal.JournalTuning;
import io.chektbridge.daemon.journal.SegmentEventJournal;
import io.chektbridge.daemon.link.LinkContext;
import io.chektbridge.daemon.link.LinkOutages;
import io.chektbridge.daemon.link.LinkStats;
import io.chektbridge.daemon.link.LinkSupervisor;
import io.chektbridge.daemon.link.LinkTuning;
import io.chektbridge.daemon.link.dc09.Dc09Receiver;
import io.chektbridge.daemon.link.line.Backoff;
import io.chektbridge.daemon.link.serial.SerialLinks;
import io.chektbridge.daemon.link.tcp.TcpLinks;
import io.chektbridge.daemon.ops.Alerts;
import io.chektbridge.daemon.ops.Metrics;
import io.chektbridge.daemon.state.ExecutorStateThread;
import io.chektbridge.daemon.state.MeaningTable;
import io.chektbridge.daemon.state.SiteLayout;
import io.chektbridge.daemon.state.SiteStateEngine;
import io.chektbridge.daemon.state.SiteStateMachine;
import io.chektbridge.daemon.state.StateStore;
import io.chektbridge.daemon.state.StateTuning;
import io.chektbridge.daemon.status.AuditRoute;
import io.chektbridge.daemon.status.SiteSections;
import io.chektbridge.daemon.status.StatusRegistry;
import io.chektbridge.daemon.status.StatusServer;
import io.chektbridge.daemon.store.Database;
import io.chektbridge.daemon.store.StorageBackup;
import io.chektbridge.daemon.store.StorageWatch;
import io.chektbridge.daemon.store.StoreMaintenance;
import io.chektbridge.daemon.store.StoreTuning;
import io.chektbridge.daemon.threads.DaemonThreads;
import io.chektbridge.daemon.threads.RepeatingTask;
import io.chektbridge.daemon.time.HostClock;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running bridge: starts the status port (not ready yet), opens storage and the journal (whose
 * replay runs before anything else may write), then cloud sync, the state machine and the panel
 * links, in that order, and stops them in reverse: the links stop taking frames before the journal
 * closes. Every component is an {@link AutoCloseable} pushed on a stack as it starts, so a failure
 * half-way still releases what was opened.
 */
public final class Daemon implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);

  private final BridgeConfig config;
  private final HostClock clock;
  private final Durability durability;
  private final Metrics metrics = new Metrics();
  private final Alerts alerts;
  private final StatusRegistry status = new StatusRegistry();
  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private volatile Database database;
  private volatile boolean startupComplete;
  private StatusServer statusServer;
  private SiteStateEngine stateEngine;
  private SegmentEventJournal journal;
  private Dc09Receiver dc09Receiver;
  private TcpLinks tcpLinks;
  private final LinkStats linkStats = new LinkStats();

  /** How long the watchdog's health check waits for H2 to answer a query. */
  private static final int HEALTH_QUERY_TIMEOUT_S = 10;

  private CloudSyncService cloudSync;

  public Daemon(BridgeConfig config, HostClock clock) {
    this(config, clock, Durability.SYNCED);
  }

  /** With {@link Durability#UNSYNCED} for the load benchmark's launcher only. */
  public Daemon(BridgeConfig config, HostClock clock, Durability durability) {
    this.config = config;
    this.clock = clock;
    this.durability = durability;
    this.alerts = new Alerts(clock);
    alerts.storage().writesUnder(config.storage().path().toAbsolutePath());
  }

  public void start() throws Exception {
    LOG.info(
        "chekt-bridge {} starting (site {}, data in {})",
        BridgeVersion.get(),
        config.site().id() == null ? "not set" : config.site().id(),
        config.storage().path().toAbsolutePath());
    try {
      startStatusPort();
      openStorage();
      openJournal();
      startCloudSync();
      startSiteState();
      startPanelLinks();
      if (!config.cloudSyncEnabled()) {
        LOG.warn(
            "Cloud sync is off: no cloud.auth in the config. Events are stored and will be sent "
                + "once site.id and credentials are set (chekt-bridge init).");
      }
      startupComplete = true;
      LOG.info("chekt-bridge ready");
    } catch (Exception e) {
      close();
      throw e;
    }
  }

  private void startStatusPort() throws IOException, InterruptedException, StartFailure {
    String token =
        config.status().tokenFile() == null ? null : SecretFiles.read(config.status().tokenFile());
    status.readiness("storage", () -> database != null && !alerts.failsReadiness());
    // every component registers its own readiness as it starts; until the last one has, not ready
    status.readiness("startup", () -> startupComplete);
    statusServer =
        new StatusServer(
            config.status().listen(), token, BridgeVersion.get(), clock, status, alerts, metrics);
    statusServer.start();
    started.push(statusServer);
  }

  private void openStorage() throws Exception {
    database = DataFolder.open(config.storage().path());
    if (durability == Durability.UNSYNCED) {
      LOG.warn(
          "BENCHMARK MODE: commits are not synced to disk; acknowledged events may be lost on power loss");
      database.disableFsyncForBenchmark();
    }
    started.push(database);
    StorageWatch watch =
        new StorageWatch(database, alerts, metrics, clock)
            .start(
                StoreTuning.CHECK_EVERY,
                StoreTuning.FULL_CHECK_FIRST_AFTER,
                StoreTuning.FULL_CHECK_EVERY);
    started.push(watch);
    started.push(
        new StoreMaintenance(database, watch::compactionMetDamage)
            .start(StoreTuning.MAINTENANCE_EVERY));
    startBackups();
    LOG.info("Storage open: {}", database.dataFile());
    Map<String, Object> site = new LinkedHashMap<>();
    site.put("id", config.site().id());
    site.put("timezone", config.site().timezone().getId());
    status.section("site", () -> site);
  }

  /**
   * The rotated backups (storage.backup), and {@code GET /storage/backup} for the storage backup
   * command.
   */
  private void startBackups() throws IOException {
    StorageBackup backup =
        new StorageBackup(database, config.storage().backup().keep(), clock)
            .start(config.storage().backup().every());
    started.push(backup);
    statusServer.route(
        "/storage/backup",
        r -> {
          try {
            return StatusServer.Response.text(200, backup.backupNow() + "\n");
          } catch (java.sql.SQLException | IOException e) {
            return StatusServer.Response.text(500, "backup failed: " + e.getMessage() + "\n");
          }
        });
  }

  private void openJournal() throws Exception {
    try {
      journal =
          SegmentEventJournal.open(
              database,
              metrics,
              alerts,
              JournalTuning.QUEUE_CAPACITY,
              SegmentEventJournal.SEGMENT_BYTES,
              durability.journalSync());
    } catch (java.sql.SQLException e) {
      // the replay and the retransmission memory read far deeper than the open's quick check
      throw database.refusalFor(e).<Exception>map(StartFailure::databaseRefused).orElse(e);
    }
    started.push(journal);
  }

  /**
   * The DC-09 receiver, the serial links and link supervision; every link writes through the
   * journal. Serial ports open in the background: an unplugged adapter never holds up the start.
   */
  private void startPanelLinks() throws Exception {
    Map<String, Duration> supervised = new LinkedHashMap<>();
    config.receivers().dc09().accounts().forEach(a -> supervised.put(a.account(), a.supervision()));
    LinkSupervisor supervisor = new LinkSupervisor(journal, alerts, clock, supervised);
    ScheduledExecutorService ticks = DaemonThreads.scheduled("link-supervision");
    started.push(ticks::shutdownNow);
    Duration every = LinkTuning.SUPERVISION_CHECK_EVERY;
    RepeatingTask.schedule(
        ticks, "Link supervision (the panel link lost alarm)", supervisor::check, every, every);
    status.section("links", linkStats::snapshot);
    LinkContext linkContext =
        new LinkContext(
            journal,
            supervisor,
            linkStats,
            new LinkOutages(alerts),
            metrics,
            clock,
            config.receivers().dc09());
    Dc09Receiver receiver = new Dc09Receiver(linkContext);
    status.readiness("dc09-receiver", receiver::bound);
    started.push(receiver);
    receiver.start();
    dc09Receiver = receiver;
    if (!config.receivers().serial().isEmpty()) {
      SerialLinks serial =
          SerialLinks.start(config.receivers().serial(), linkContext, Backoff.DEFAULT);
      started.push(serial);
      status.section("serial", serial::snapshot);
    }
    if (!config.receivers().tcpLinks().isEmpty()) {
      TcpLinks tcp = TcpLinks.start(config.receivers().tcpLinks(), linkContext, Backoff.DEFAULT);
      started.push(tcp);
      tcpLinks = tcp;
      status.readiness("tcp-links", tcp::bound);
      status.section("tcp_links", tcp::snapshot);
    }
  }

  /**
   * The serial-over-TCP links, or null when none are configured (tests read a server link's port).
   */
  public TcpLinks tcpLinks() {
    return tcpLinks;
  }

  /** The open database, or null when stopped (tests and the watchdog read through it). */
  public Database database() {
    return database;
  }

  /** The journal, or null when stopped (tests wait for its copy into the database). */
  public SegmentEventJournal journal() {
    return journal;
  }

  /** The running DC-09 receiver (tests read its bound port). */
  public Dc09Receiver dc09Receiver() {
    return dc09Receiver;
  }

  /**
   * The site state machine reads panel_event rows; the journal's notification drives it ({@code
   * journal.onCommit(stateEngine)}), and it also polls every 2 s as a safety net.
   */
  private void startSiteState() throws Exception {
    SiteStateMachine machine = new SiteStateMachine(SiteLayout.of(config));
    StateStore store = new StateStore(database);
    stateEngine =
        new SiteStateEngine(
                store,
                machine,
                MeaningTable.withOverrides(config.eventMap()),
                config.site().id(),
                clock,
                new ExecutorStateThread(),
                metrics,
                alerts)
            .drainAtMostEvery(StateTuning.DRAIN_SPACING);
    started.push(stateEngine);
    stateEngine.start();
    journal.onCommit(stateEngine);
    stateEngine.onOutboxWritten(cloudSync.wakeUp());
    cloudSync.reconcileWith(stateEngine, config, alerts, metrics);
    SiteSections.register(status, statusServer.events(), stateEngine);
    statusServer.route(
        "/audit",
        new AuditRoute(
                store,
                new io.chektbridge.daemon.cloud.CloudAuditPage(
                        new io.chektbridge.daemon.outbox.OutboxStore(database))
                    ::answer)
            ::answer);
  }

  public SiteStateEngine stateEngine() {
    return stateEngine;
  }

  private void startCloudSync() throws Exception {
    cloudSync = CloudSyncService.start(config, database, clock, alerts, metrics, status);
    started.push(cloudSync);
  }

  public StatusServer statusServer() {
    return statusServer;
  }

  /**
   * Live events for walk-test ({@code GET /events}); components publish zone and panel activity
   * here.
   */
  public io.chektbridge.daemon.status.EventStream events() {
    return statusServer.events();
  }

  /**
   * What is wrong right now, for the systemd watchdog: every readiness condition (storage,
   * receivers bound, components registered) plus whether H2 still answers a query.
   */
  public java.util.List<String> healthProblems() {
    java.util.List<String> problems = new java.util.ArrayList<>(status.notReady());
    Database db = database;
    if (db != null) {
      try (var c = db.connection();
          var s = c.createStatement()) {
        s.setQueryTimeout(HEALTH_QUERY_TIMEOUT_S);
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
