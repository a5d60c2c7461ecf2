package io.chektbridge.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * User+system CPU time of another process, from {@code /proc/<pid>/stat}, and of its threads by
 * name from {@code /proc/<pid>/task/<tid>/stat} (the JVM names its native threads, so JIT
 * compilers, GC and the daemon's own threads each show). A {@link Window} turns two readings into
 * "% of one core" over a stretch of wall time: 150 % means one and a half cores busy.
 */
final class ProcessCpu {
  private static final double TICKS_PER_SECOND = clockTicks();
  private static final int TOP_THREADS = 6;

  private final long pid;

  ProcessCpu(long pid) {
    this.pid = pid;
  }

  /** CPU seconds the process has used so far (all threads, user + system). */
  double seconds() throws IOException {
    return statSeconds(Path.of("/proc", Long.toString(pid), "stat"));
  }

  Window start() throws IOException {
    return new Window(seconds(), byThread(), System.nanoTime());
  }

  /** CPU used from {@link #start} to {@link #end}. */
  final class Window {
    private final double cpuAtStart;
    private final Map<String, ThreadCpu> threadsAtStart;
    private final long nanosAtStart;

    private Window(double cpuAtStart, Map<String, ThreadCpu> threadsAtStart, long nanosAtStart) {
      this.cpuAtStart = cpuAtStart;
      this.threadsAtStart = threadsAtStart;
      this.nanosAtStart = nanosAtStart;
    }

    Use end() throws IOException {
      double cpu = seconds() - cpuAtStart;
      double wall = (System.nanoTime() - nanosAtStart) / 1e9;
      // per thread id, then by name: the JVM ends and starts compiler threads as it pleases, and a
      // name
      // shared by a thread that ended and one that started would otherwise give a negative share
      Map<String, Double> used = new HashMap<>();
      byThread()
          .forEach(
              (tid, now) -> {
                ThreadCpu before = threadsAtStart.get(tid);
                used.merge(
                    now.name(),
                    now.seconds() - (before == null ? 0.0 : before.seconds()),
                    Double::sum);
              });
      double jit =
          used.entrySet().stream()
              .filter(e -> e.getKey().contains("CompilerThre"))
              .mapToDouble(Map.Entry::getValue)
              .sum();
      Map<String, Double> top = new LinkedHashMap<>();
      used.entrySet().stream()
          .filter(e -> e.getValue() > 0)
          .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
          .limit(TOP_THREADS)
          .forEach(e -> top.put(e.getKey(), round(e.getValue())));
      return new Use(cpu, jit, wall, top);
    }
  }

  /**
   * CPU seconds used over a stretch of wall seconds; how much of it the JIT compiler threads took
   * (a daemon that has run for a day compiles next to nothing, a bench run is still warming up);
   * and the busiest thread names' share.
   */
  record Use(
      double cpuSeconds,
      double jitSeconds,
      double wallSeconds,
      Map<String, Double> topThreadsCpuSeconds) {
    /**
     * {@code cpu_s}, {@code over_s}, {@code pct_of_one_core}, the JIT's part and the top threads.
     */
    Map<String, Object> toJson() {
      return toJson(wallSeconds);
    }

    /**
     * The same over a shorter stretch inside the window, e.g. the seconds frames were flowing when
     * the window also holds a load generator's JVM start-up.
     */
    Map<String, Object> toJson(double overSeconds) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("cpu_s", round(cpuSeconds));
      m.put("over_s", round(overSeconds));
      m.put("pct_of_one_core", round(100 * cpuSeconds / overSeconds));
      m.put("jit_pct_of_one_core", round(100 * jitSeconds / overSeconds));
      m.put("top_threads_cpu_s", topThreadsCpuSeconds);
      return m;
    }
  }

  /**
   * CPU seconds per thread name, summed over threads of the same name with their numbers dropped
   * ("pool-2-thread-1" and "pool-2-thread-2" are both "pool-n-thread-n"). Threads that ended are no
   * longer listed.
   */
  /**
   * CPU seconds of one thread so far, under its name with numbers folded ({@code C1 CompilerThre}).
   */
  private record ThreadCpu(String name, double seconds) {}

  /**
   * By thread id; a thread that ends within a window takes its CPU with it (an undercount, never
   * negative).
   */
  private Map<String, ThreadCpu> byThread() throws IOException {
    Map<String, ThreadCpu> out = new HashMap<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
      tasks.forEach(
          t -> {
            try {
              String stat = Files.readString(t.resolve("stat"));
              String name =
                  stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'))
                      .replaceAll("([-#])\\d+", "$1n");
              out.put(
                  t.getFileName().toString(),
                  new ThreadCpu(name, statSeconds(stat, TICKS_PER_SECOND)));
            } catch (NoSuchFileException e) {
              // the thread ended between the listing and the read
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
    }
    return out;
  }

  private static double statSeconds(Path stat) throws IOException {
    return statSeconds(Files.readString(stat), TICKS_PER_SECOND);
  }

  /**
   * utime + stime of one {@code stat} line. The command name (field 2) may hold spaces and
   * parentheses; the fields after its last ")" do not.
   */
  static double statSeconds(String stat, double ticksPerSecond) {
    String[] f = stat.substring(stat.lastIndexOf(") ") + 2).split(" ");
    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / ticksPerSecond;
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }

  /**
   * The kernel's USER_HZ; 100 on every Linux this runs on, asked anyway since /proc counts in it.
   */
  private static double clockTicks() {
    try {
      Process p = new ProcessBuilder("getconf", "CLK_TCK").start();
      String out = new String(p.getInputStream().readAllBytes()).strip();
      return p.waitFor() == 0 ? Double.parseDouble(out) : 100;
    } catch (IOException | NumberFormatException e) {
      return 100;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 100;
    }
  }
}
