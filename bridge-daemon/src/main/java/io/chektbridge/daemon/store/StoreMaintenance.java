package io.chektbridge.daemon.store;

import io.chektbridge.daemon.threads.DaemonThreads;
import io.chektbridge.daemon.threads.RepeatingTask;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link Database#compact} on its own thread every few seconds, so the data file keeps its
 * size through bursts of small commits. A failure is logged once per streak: the journal already
 * raises STORAGE_FAILED for the same cause, and this thread must not fill the journal with it.
 * Compaction reads old chunks no other reader may reach for days, so a damaged page it meets is
 * reported ({@code damageMet}: the storage watch raises it, records it to refuse the next start,
 * and reads every table to say which ones it hurts). Compaction then stops for good: each try on
 * the damaged page makes H2 close the store under every writer, and only a recovery can mend it.
 */
public final class StoreMaintenance implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StoreMaintenance.class);

  private final Database db;
  private final Consumer<String> damageMet;
  private final ScheduledExecutorService executor;
  private boolean failing;
  private boolean stoppedByDamage;

  public StoreMaintenance(Database db, Consumer<String> damageMet) {
    this.db = db;
    this.damageMet = damageMet;
    this.executor = DaemonThreads.scheduled("h2-maintenance");
  }

  public StoreMaintenance start(Duration interval) {
    RepeatingTask.schedule(executor, "Compacting the database", this::runOnce, interval, interval);
    return this;
  }

  private void runOnce() {
    if (stoppedByDamage) {
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
    stoppedByDamage = true;
    LOG.error(
        "Compacting the database in {} met a damaged page ({}); compaction stops",
        db.directory(),
        StorageCheck.firstLine(e));
    damageMet.accept(StorageCheck.firstLine(e));
  }

  /** Lets a running pass finish: an interrupt inside H2's file I/O would close the store. */
  @Override
  public void close() {
    DaemonThreads.finish(executor, Duration.ofSeconds(5));
  }
}
