package io.chektbridge.daemon.store;

import io.chektbridge.daemon.ops.Alerts;
import io.chektbridge.daemon.ops.Metrics;
import io.chektbridge.daemon.ops.StorageFaults;
import io.chektbridge.daemon.threads.DaemonThreads;
import io.chektbridge.daemon.threads.RepeatingTask;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link StorageCheck#quick} every few seconds and reports a fault of the database check
 * ({@code STORAGE_FAILED}) while the database cannot be read: without it a damaged outbox only
 * shows as "pending 0" and nothing sent. The alert fails {@code /readyz} and so stops the systemd
 * watchdog's pings. After each passing check it records the store version H2 is sure to reopen at
 * ({@link StoreVersionMark}).
 *
 * <p>The cheap check reads the growing tables at their edges only, and damage in their middle (a
 * pending outbox row, an event the state has not applied) would otherwise surface only when that
 * row is needed. So every row of every table is read too: soon after the start, then daily, and at
 * once when compaction meets a damaged page (itself a finding). Its finding raises the same fault,
 * stays raised (the cheap check passing again does not clear it), and is recorded beside the
 * database ({@link DamageRecord}) so that the restart the watchdog causes is refused with the
 * recover advice instead of running on the damaged file again.
 */
public final class StorageWatch implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StorageWatch.class);

  private final Database db;
  private final Alerts alerts;
  private final LongAdder failures;
  private final Clock clock;
  private final ScheduledExecutorService executor;
  private volatile boolean raised;
  private volatile boolean closing;

  /**
   * What the full check or compaction found damaged; it stays until the daemon stops, and the
   * record it leaves refuses the next start until a recovery.
   */
  private volatile String damageFound;

  public StorageWatch(Database db, Alerts alerts, Metrics metrics, Clock clock) {
    this.db = db;
    this.alerts = alerts;
    this.clock = clock;
    this.failures =
        metrics.counter(
            "chekt_bridge_storage_check_failures_total",
            "Periodic database checks that found a table it could not read");
    this.executor = DaemonThreads.scheduled("storage-watch");
  }

  /**
   * The cheap check every {@code interval}; the full one {@code fullFirst} after now, then daily.
   */
  public StorageWatch start(Duration interval, Duration fullFirst, Duration fullEvery) {
    RepeatingTask.schedule(executor, "The database check", this::checkNow, interval, interval);
    RepeatingTask.schedule(
        executor, "The full database check", this::fullCheckNow, fullFirst, fullEvery);
    return this;
  }

  /**
   * Compaction met a damaged page: that alone is a finding, since the page may belong to an index
   * or to H2's own maps, which a read of every row does not reach. The full check that follows adds
   * the tables it finds damaged.
   */
  public void compactionMetDamage(String problem) {
    found("compaction met a damaged page (" + problem + ")");
    fullCheckSoon();
  }

  /** A full check as soon as the watch's thread is free. */
  private void fullCheckSoon() {
    try {
      executor.execute(this::fullCheckNow);
    } catch (RejectedExecutionException e) {
      LOG.debug("No full database check: the daemon is stopping");
    }
  }

  /**
   * Reads every row of every table; returns what is damaged (empty when nothing is). A read cut
   * short by a closed store or a full disk is not damage: the cheap check reports those.
   */
  public List<String> fullCheckNow() {
    List<StorageCheck.TableResult> tables;
    long started = System.nanoTime();
    try (Connection c = db.connection()) {
      tables = StorageCheck.fullBesideWriters(c, () -> closing);
    } catch (SQLException | RuntimeException e) {
      LOG.debug("Full database check not run: {}", e.toString());
      return List.of();
    }
    List<String> damage =
        tables.stream()
            .filter(StorageCheck.TableResult::damaged)
            .map(StorageCheck.TableResult::problem)
            .toList();
    if (!damage.isEmpty()) {
      found(String.join("; ", damage));
    } else if (tables.stream().allMatch(t -> t.problem() == null)) {
      LOG.info(
          "Full database check: every row of {} tables read whole ({} rows, {} ms)",
          tables.size(),
          tables.stream().mapToLong(StorageCheck.TableResult::rows).sum(),
          (System.nanoTime() - started) / 1_000_000);
    }
    return damage;
  }

  /** Raises {@code damage} for good and records it for the next start. */
  private synchronized void found(String damage) {
    if (damageFound == null) {
      damageFound = damage;
    } else if (!damageFound.contains(damage)) {
      damageFound = damageFound + "; " + damage;
    }
    record(damageFound);
    failed(damageFound);
  }

  private void record(String damage) {
    try {
      db.recordDamage(clock.instant() + ": " + damage);
    } catch (IOException e) {
      LOG.error(
          "Could not record in {} that the database is damaged ({}): a restart may run on it until"
              + " the next full check finds it again",
          db.directory(),
          e.toString());
    }
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
    if (raised && damageFound == null) {
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

  /**
   * Stops a running full check at its next page of rows, and lets the check finish rather than
   * interrupting it: an interrupt inside H2's file I/O would close the store.
   */
  @Override
  public void close() {
    closing = true;
    DaemonThreads.finish(executor, Duration.ofSeconds(10));
  }
}
