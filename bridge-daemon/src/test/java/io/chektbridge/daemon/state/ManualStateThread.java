package io.chektbridge.daemon.state;

import io.chektbridge.daemon.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;

/**
 * A {@link StateThread} the test drives: queued tasks run on {@link #runPending()}, timers fire when
 * {@link #advance} moves the manual clock past their deadline, in deadline order. No real time passes.
 */
final class ManualStateThread implements StateThread {
  private final ManualClock clock;
  private final Deque<Runnable> queue = new ArrayDeque<>();
  private final List<Timer> timers = new ArrayList<>();
  private long sequence;

  private static final class Timer implements Cancellable {
    final Instant due;
    final long order;
    final Runnable task;
    boolean cancelled;

    Timer(Instant due, long order, Runnable task) {
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
    Timer t = new Timer(clock.instant().plus(delay.isNegative() ? Duration.ZERO : delay), sequence++, task);
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
    Instant end = clock.instant().plus(d);
    runPending();
    while (true) {
      timers.removeIf(t -> t.cancelled);
      Timer next = timers.stream().filter(t -> !t.due.isAfter(end))
          .min(Comparator.<Timer, Instant>comparing(t -> t.due).thenComparingLong(t -> t.order)).orElse(null);
      if (next == null) {
        break;
      }
      timers.remove(next);
      if (next.due.isAfter(clock.instant())) {
        clock.set(next.due);
      }
      next.task.run();
      runPending();
    }
    clock.set(end);
  }

  @Override
  public void close() {
    queue.clear();
    timers.clear();
  }
}
