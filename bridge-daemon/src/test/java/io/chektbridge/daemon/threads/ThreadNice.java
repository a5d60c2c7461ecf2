package io.chektbridge.daemon.threads;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A thread's Linux nice value as the kernel reports it in {@code /proc}. */
final class ThreadNice {
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

  static String name(Path task) {
    try {
      return Files.readString(task.resolve("comm")).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Field 19 of proc(5)'s stat line; the name before it may hold spaces and parentheses. */
  private static int nice(String stat) {
    String[] afterName = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Integer.parseInt(afterName[19 - 3]);
  }
}
