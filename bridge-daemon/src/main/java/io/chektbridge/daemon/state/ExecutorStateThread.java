package io.chektbridge.daemon.state;

import io.chektbridge.daemon.threads.DaemonThreads;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The production {@link StateThread}: one daemon thread named "site-state". */
public final class ExecutorStateThread implements StateThread {
  private static final Logger LOG = LoggerFactory.getLogger(ExecutorStateThread.class);

  private final ScheduledExecutorService executor = DaemonThreads.scheduled("site-state");

  @Override
  public void execute(Runnable task) {
    executor.execute(guarded(task));
  }

  @Override
  public Cancellable schedule(Runnable task, Duration delay) {
    ScheduledFuture<?> f =
        executor.schedule(guarded(task), Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
    return () -> f.cancel(false);
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
