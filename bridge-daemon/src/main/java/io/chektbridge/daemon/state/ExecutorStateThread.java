package io.chektbridge.daemon.state;

import io.chektbridge.daemon.threads.DaemonThreads;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The production {@link StateThread}: one daemon thread named "site-state", at the background
 * priority (the engine applies from the journal's copy; no acknowledgement waits for it).
 */
public final class ExecutorStateThread implements StateThread {
  private static final Logger LOG = LoggerFactory.getLogger(ExecutorStateThread.class);

  private final ScheduledExecutorService executor = DaemonThreads.scheduledBackground("site-state");

  /**
   * Runs {@code task} on the thread; once closed, drops it. The journal goes on copying (and
   * notifying) until it closes after the engine, and whatever a late task would apply is in the
   * database, applied from the engine's cursor at the next start.
   */
  @Override
  public void execute(Runnable task) {
    try {
      executor.execute(guarded(task));
    } catch (RejectedExecutionException closed) {
      LOG.debug("Site state task dropped: the state thread is closed");
    }
  }

  @Override
  public Cancellable schedule(Runnable task, Duration delay) {
    try {
      ScheduledFuture<?> f =
          executor.schedule(guarded(task), Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
      return () -> f.cancel(false);
    } catch (RejectedExecutionException closed) {
      LOG.debug("Site state task dropped: the state thread is closed");
      return () -> {};
    }
  }

  /** A task that throws must not kill the thread that owns the state. */
  private static Runnable guarded(Runnable task) {
    return () -> {
      try {
        task.run();
      } catch (RuntimeException e) {
        LOG.error("Site state task failed: {}", e.toString(), e);
      }
    };
  }

  @Override
  public void close() {
    executor.shutdown();
    try {
      if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
