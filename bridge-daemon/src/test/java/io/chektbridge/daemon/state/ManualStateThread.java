package io.chektbridge.daemon.state;

import io.chektbridge.daemon.testing.ManualClock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;

/**
 * A {@link StateThread} the test drives: queued tasks run on {@link #runPending()}, timers fire
 * when {@link #advance} moves the manual clock's elapsed time past their deadline, in deadline
 * order, as a scheduled executor does: a step of the wall clock neither fires nor postpones them.
 * No real time passes.
 */
final class ManualStateThread implements StateThread {
  private final ManualClock clock;
  private final Deque<Runnable> queue = new ArrayDeque<>();
  private final List<Timer> timers = new ArrayList<>();
  private long sequence;

  private static final class Timer implements Cancellable {
    final long due;
    final long order;
    final Runnable task;
    boolean cancelled;

    Timer(long due, long order, Runnable task) {
      this.due = due;
      this.order = order;
      this.task = task;
    }

    @Override
    public void cancel() {
      cancelled = true;
    }
  }

  ManualStateThread(ManualClock clock) {
    this.clock = clock;
  }

  @Override
  public void execute(Runnable task) {
    queue.add(task);
  }

  @Override
  public Cancellable schedule(Runnable task, Duration delay) {
    Timer t = new Timer(clock.nanoTime() + Math.max(0, delay.toNanos()), sequence++, task);
    timers.add(t);
    return t;
  }

  void runPending() {
    while (!queue.isEmpty()) {
      queue.poll().run();
    }
  }

  /** Moves time forward, firing each due timer at its own deadline. */
  void advance(Duration d) {
    long end = clock.nanoTime() + d.toNanos();
    runPending();
    while (true) {
      timers.removeIf(t -> t.cancelled);
      Timer next =
          timers.stream()
              .filter(t -> t.due <= end)
              .min(Comparator.<Timer>comparingLong(t -> t.due).thenComparingLong(t -> t.order))
              .orElse(null);
      if (next == null) {
        break;
      }
      timers.remove(next);
      if (next.due > clock.nanoTime()) {
        clock.advance(Duration.ofNanos(next.due - clock.nanoTime()));
      }
      next.task.run();
      runPending();
    }
    clock.advance(Duration.ofNanos(end - clock.nanoTime()));
  }

  @Override
  public void close() {
    queue.clear();
    timers.clear();
  }
}
