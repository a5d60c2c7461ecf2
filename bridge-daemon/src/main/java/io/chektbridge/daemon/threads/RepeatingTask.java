package io.chektbridge.daemon.threads;

import io.chektbridge.daemon.config.Durations;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A task run on a timer, again and again, whatever one run throws. A {@link
 * ScheduledExecutorService} cancels a repeating task for good the first time it throws and says
 * nothing (the exception waits in a future nobody reads): link supervision, the storage checks or
 * the backups would stop for the rest of the daemon's life without a line in the log. Every
 * repeating task of the daemon is scheduled through here ({@code RepeatingTaskTest} reads the
 * sources for any other).
 *
 * <p>A failure is logged at ERROR once per streak, with its stack trace, and its end at INFO, so a
 * task failing every second does not fill the journal.
 */
public final class RepeatingTask implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(RepeatingTask.class);

  /** One run; it may throw anything short of an {@link Error}. */
  @FunctionalInterface
  public interface Step {
    void run() throws Exception;
  }

  private final String what;
  private final Step step;
  private final Duration every;

  /** Only the timer's one thread reads and writes it, one run after another. */
  private boolean failing;

  private RepeatingTask(String what, Step step, Duration every) {
    this.what = what;
    this.step = step;
    this.every = every;
  }

  /**
   * Runs {@code step} on {@code timer} after {@code first}, then {@code every} after the end of
   * each run. {@code what} names it for an installer: "Link supervision", "The database backup".
   */
  // the future would only ever hold a cancellation: every run's failure is handled inside
  @SuppressWarnings("FutureReturnValueIgnored")
  public static void schedule(
      ScheduledExecutorService timer, String what, Step step, Duration first, Duration every) {
    timer.scheduleWithFixedDelay(
        new RepeatingTask(what, step, every),
        first.toMillis(),
        every.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  @Override
  public void run() {
    try {
      step.run();
      if (failing) {
        failing = false;
        LOG.info("{} works again", what);
      }
    } catch (InterruptedException e) {
      // the timer is being shut down
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      if (!failing) {
        failing = true;
        LOG.error(
            "{} failed: {}. It runs again every {}; if this repeats, report it with this log",
            what,
            e.toString(),
            Durations.format(every),
            e);
      } else {
        LOG.debug("{} failed again: {}", what, e.toString());
      }
    }
  }
}
