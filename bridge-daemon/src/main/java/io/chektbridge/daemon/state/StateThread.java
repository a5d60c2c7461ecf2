package io.chektbridge.daemon.state;

import java.time.Duration;

/**
 * The single thread that owns the site state: panel events, timers and state queries all run on it,
 * one at a time, so the state needs no locks. The daemon uses {@link ExecutorStateThread}; tests
 * use a manual implementation that runs tasks and due timers when told, on a manual clock.
 */
public interface StateThread extends AutoCloseable {
  /** Runs the task on the state thread, after those already queued. */
  void execute(Runnable task);

  /** Runs the task on the state thread once {@code delay} has passed on the injected clock. */
  Cancellable schedule(Runnable task, Duration delay);

  @Override
  void close();

  /** A scheduled task that can be called off. */
  interface Cancellable {
    void cancel();
  }
}
