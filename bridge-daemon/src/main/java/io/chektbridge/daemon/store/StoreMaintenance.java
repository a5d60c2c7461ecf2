package io.chektbridge.daemon.store;

import io.chektbridge.daemon.threads.DaemonThreads;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link Database#compact} on its own thread every few seconds, so the data file keeps its
 * size through bursts of small commits. A failure is logged once per streak: the journal already
 * raises STORAGE_FAILED for the same cause, and this thread must not fill the journal with it.
 */
public final class StoreMaintenance implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StoreMaintenance.class);

  private final Database db;
  private final ScheduledExecutorService executor;
  private boolean failing;

  public StoreMaintenance(Database db) {
    this.db = db;
    this.executor = DaemonThreads.scheduled("h2-maintenance");
  }

  public StoreMaintenance start(Duration interval) {
    executor.scheduleWithFixedDelay(
        this::runOnce, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  private void runOnce() {
    try {
      db.compact();
      if (failing) {
        LOG.info("Compacting the database in {} works again", db.directory());
        failing = false;
      }
    } catch (SQLException e) {
      if (!failing) {
        LOG.warn(
            "Could not compact the database in {}: {}. The file may grow until this works again; check free "
                + "disk space under storage.path",
            db.directory(),
            e.getMessage());
        failing = true;
      }
    }
  }

  /** Lets a running pass finish: an interrupt inside H2's file I/O would close the store. */
  @Override
  public void close() {
    DaemonThreads.finish(executor, Duration.ofSeconds(5));
  }
}
