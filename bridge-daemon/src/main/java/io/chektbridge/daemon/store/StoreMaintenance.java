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
 * Compaction reads old chunks no other reader may reach for days, so a damaged page it meets is
 * handed to the full check ({@code damageSuspected}), which says which table it hurts and refuses
 * the next start. Compaction then stops for good: each try on the damaged page makes H2 close the
 * store under every writer, and only a recovery can mend it.
 */
public final class StoreMaintenance implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StoreMaintenance.class);

  private final Database db;
  private final Runnable damageSuspected;
  private final ScheduledExecutorService executor;
  private boolean failing;
  private boolean damageMet;

  public StoreMaintenance(Database db, Runnable damageSuspected) {
    this.db = db;
    this.damageSuspected = damageSuspected;
    this.executor = DaemonThreads.scheduled("h2-maintenance");
  }

  public StoreMaintenance start(Duration interval) {
    executor.scheduleWithFixedDelay(
        this::runOnce, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  private void runOnce() {
    if (damageMet) {
      return;
    }
    try {
      db.compact();
      if (failing) {
        LOG.info("Compacting the database in {} works again", db.directory());
        failing = false;
      }
    } catch (SQLException e) {
      if (StorageCheck.isDamage(e)) {
        damaged(e);
      } else if (!failing) {
        LOG.warn(
            "Could not compact the database in {}: {}. The file may grow until this works again; check free "
                + "disk space under storage.path",
            db.directory(),
            e.getMessage());
        failing = true;
      }
    }
  }

  private void damaged(SQLException e) {
    damageMet = true;
    LOG.error(
        "Compacting the database in {} met a damaged page ({}); compaction stops, and every table is"
            + " read to find what the damage hurts",
        db.directory(),
        StorageCheck.firstLine(e));
    damageSuspected.run();
  }

  /** Lets a running pass finish: an interrupt inside H2's file I/O would close the store. */
  @Override
  public void close() {
    DaemonThreads.finish(executor, Duration.ofSeconds(5));
  }
}
