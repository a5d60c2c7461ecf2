package io.chektbridge.daemon.threads;

import io.chektbridge.daemon.config.Durations;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A task run on a timer at a fixed delay, again and again, whatever one run throws. A {@link
 * ScheduledExecutorService} cancels a repeating task for good the first time it throws and says
 * nothing (the exception waits in a future nobody reads): link supervision, the storage checks or
 * the backups would stop for the rest of the daemon's life without a line in the log. Every
 * fixed-period task of the daemon is scheduled through here ({@code RepeatingTaskTest} reads the
 * sources for any other).
 *
 * <p>A failure is logged at ERROR with its stack trace, and again when what fails changes, but a
 * streak of the same failure only once, its end at INFO, so a task failing every second does not
 * fill the journal. An {@link Error} (a class missing after an upgrade, a stack overflow) is logged
 * every time. While the timer shuts down, failures are only logged at DEBUG.
 */
public final class RepeatingTask implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(RepeatingTask.class);

  /** One run. */
  @FunctionalInterface
  public interface Step {
    void run() throws Exception;
  }

  private final ScheduledExecutorService timer;
  private final String what;
  private final Step step;
  private final Duration every;

  /**
   * The failure of the streak under way, null while the task works. Runs of one task never overlap
   * and each happens-after the one before (the executor's contract), so no lock is needed.
   */
  private String failing;

  private RepeatingTask(ScheduledExecutorService timer, String what, Step step, Duration every) {
    this.timer = timer;
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
        new RepeatingTask(timer, what, step, every),
        first.toMillis(),
        every.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  @Override
  public void run() {
    try {
      step.run();
      if (failing != null) {
        failing = null;
        LOG.info("{} works again", what);
      }
    } catch (InterruptedException e) {
      if (timer.isShutdown()) {
        Thread.currentThread().interrupt();
      } else {
        failed(e);
      }
    } catch (Exception | Error e) {
      failed(e);
    }
  }

  private void failed(Throwable e) {
    if (timer.isShutdown()) {
      LOG.debug("{} failed while stopping: {}", what, e.toString());
      return;
    }
    String failure = e.toString();
    if (e instanceof Error || !failure.equals(failing)) {
      LOG.error(
          "{} failed: {}. It runs again every {}; if this repeats, report it with this log",
          what,
          failure,
          Durations.format(every),
          e);
    } else {
      LOG.debug("{} failed again: {}", what, failure);
    }
    failing = failure;
  }
}
