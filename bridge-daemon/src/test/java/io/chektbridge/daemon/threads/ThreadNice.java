package io.chektbridge.daemon.threads;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A thread's Linux nice value and scheduling policy as the kernel reports them in {@code /proc}.
 */
public final class ThreadNice {
  public static final int SCHED_OTHER = 0;
  public static final int SCHED_IDLE = 5;

  private ThreadNice() {}

  /** The calling thread's. */
  static int current() {
    return of(Path.of("/proc/thread-self"));
  }

  /** The thread of {@code /proc/<pid>/task/<tid>} (or {@code /proc/thread-self}). */
  static int of(Path task) {
    try {
      return nice(Files.readString(task.resolve("stat")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The calling thread's policy (0 SCHED_OTHER, 5 SCHED_IDLE). */
  public static int policy() {
    return policy(Path.of("/proc/thread-self"));
  }

  /** Field 41 of proc(5)'s stat line. */
  static int policy(Path task) {
    try {
      return field(Files.readString(task.resolve("stat")), 41);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String name(Path task) {
    try {
      return Files.readString(task.resolve("comm")).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int nice(String stat) {
    return field(stat, 19);
  }

  /**
   * A numbered field of proc(5)'s stat line; the name before it may hold spaces and parentheses.
   */
  private static int field(String stat, int number) {
    String[] afterName = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Integer.parseInt(afterName[number - 3]);
  }
}
