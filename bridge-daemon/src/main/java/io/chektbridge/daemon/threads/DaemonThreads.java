package io.chektbridge.daemon.threads;

import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The threads the bridge starts for itself. Every one is a daemon thread, so a stuck port, socket
 * or timer never keeps the JVM from exiting, and each is named for what it does, as a thread dump
 * shows it.
 */
public final class DaemonThreads {
  private DaemonThreads() {}

  /** A daemon thread, not yet started. */
  public static Thread named(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  /**
   * A daemon thread, not yet started, that runs at the lower priority of the threads filling the
   * database ({@link BackgroundPriority}).
   */
  public static Thread background(Runnable r, String name) {
    return named(
        () -> {
          BackgroundPriority.lowerCurrentThread();
          r.run();
        },
        name);
  }

  /**
   * Netty's default event-loop threads (same names, not daemon), each with a {@link ShortSlice}:
   * for the loops that answer panels.
   */
  public static ThreadFactory eventLoops() {
    return new DefaultThreadFactory(MultiThreadIoEventLoopGroup.class) {
      @Override
      protected Thread newThread(Runnable r, String name) {
        return super.newThread(
            () -> {
              ShortSlice.forCurrentThread();
              r.run();
            },
            name);
      }
    };
  }

  /** One daemon thread running tasks in order. */
  public static ExecutorService single(String name) {
    return Executors.newSingleThreadExecutor(r -> named(r, name));
  }

  /** One daemon thread running timed and repeated tasks. */
  public static ScheduledExecutorService scheduled(String name) {
    return Executors.newSingleThreadScheduledExecutor(r -> named(r, name));
  }

  /** {@link #scheduled} on a {@link #background} thread. */
  public static ScheduledExecutorService scheduledBackground(String name) {
    return Executors.newSingleThreadScheduledExecutor(r -> background(r, name));
  }

  /**
   * Stops taking tasks and waits up to {@code patience} for the running one to end, without
   * interrupting it: an interrupt inside H2's file I/O closes the store's file channel mid-write.
   */
  public static void finish(ExecutorService executor, Duration patience) {
    executor.shutdown();
    try {
      executor.awaitTermination(patience.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
