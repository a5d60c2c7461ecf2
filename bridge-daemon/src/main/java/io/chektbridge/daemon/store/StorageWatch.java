package io.chektbridge.daemon.store;

import io.chektbridge.daemon.ops.Alerts;
import io.chektbridge.daemon.ops.Metrics;
import io.chektbridge.daemon.ops.StorageFaults;
import io.chektbridge.daemon.threads.DaemonThreads;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link StorageCheck#quick} every few seconds and reports a fault of the database check
 * ({@code STORAGE_FAILED}) while the database cannot be read: without it a damaged outbox only
 * shows as "pending 0" and nothing sent. The alert fails {@code /readyz} and so stops the systemd
 * watchdog's pings. After each passing check it records the store version H2 is sure to reopen at
 * ({@link StoreVersionMark}).
 */
public final class StorageWatch implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StorageWatch.class);

  private final Database db;
  private final Alerts alerts;
  private final LongAdder failures;
  private final ScheduledExecutorService executor;
  private volatile boolean raised;

  public StorageWatch(Database db, Alerts alerts, Metrics metrics) {
    this.db = db;
    this.alerts = alerts;
    this.failures =
        metrics.counter(
            "chekt_bridge_storage_check_failures_total",
            "Periodic database checks that found a table it could not read");
    this.executor = DaemonThreads.scheduled("storage-watch");
  }

  public StorageWatch start(Duration interval) {
    executor.scheduleWithFixedDelay(
        this::checkNow, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  /** One check; returns the problems found (empty when the database reads whole). */
  public List<String> checkNow() {
    List<String> problems;
    try (Connection c = db.connection()) {
      problems = StorageCheck.quick(c);
    } catch (SQLException | RuntimeException e) {
      problems = List.of("the database does not open: " + StorageCheck.firstLine(e));
    }
    if (problems.isEmpty()) {
      passed();
    } else {
      failed(String.join("; ", problems));
    }
    return problems;
  }

  private void passed() {
    if (raised) {
      raised = false;
      alerts.storage().recovered(StorageFaults.Part.DATABASE_CHECK);
      LOG.info("The database in {} reads whole again", db.directory());
    }
    try {
      db.markRecoverableVersion();
    } catch (SQLException | IOException e) {
      LOG.debug("Recording the database version: {}", e.toString());
    }
  }

  private void failed(String problems) {
    failures.increment();
    String what =
        "database "
            + db.dataFile()
            + " is damaged: "
            + problems
            + ". Panel messages are still "
            + "acknowledged from the journal, but the state and the cloud cannot be served from it. Stop the service and"
            + " run: "
            + DatabaseRefusedException.RECOVER_COMMAND;
    if (!raised) {
      LOG.error(what);
    }
    raised = true;
    alerts.storage().failed(StorageFaults.Part.DATABASE_CHECK, what, null);
  }

  /** Lets a running check finish: an interrupt inside H2's file I/O would close the store. */
  @Override
  public void close() {
    DaemonThreads.finish(executor, Duration.ofSeconds(10));
  }
}
