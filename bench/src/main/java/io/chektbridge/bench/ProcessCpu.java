package io.chektbridge.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * User+system CPU time of another process, from {@code /proc/<pid>/stat}. A {@link Window} turns two
 * readings into "% of one core" over a stretch of wall time: 150 % means one and a half cores busy.
 */
final class ProcessCpu {
  private static final double TICKS_PER_SECOND = clockTicks();

  private final long pid;

  ProcessCpu(long pid) {
    this.pid = pid;
  }

  /** CPU seconds the process has used so far (all threads, user + system). */
  double seconds() throws IOException {
    // The command name (field 2) may hold spaces; the fields after its closing parenthesis do not.
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    String[] f = stat.substring(stat.lastIndexOf(") ") + 2).split(" ");
    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
  }

  Window start() throws IOException {
    return new Window(seconds(), System.nanoTime());
  }

  /** CPU used from {@link #start} to {@link #end}. */
  final class Window {
    private final double cpuAtStart;
    private final long nanosAtStart;

    private Window(double cpuAtStart, long nanosAtStart) {
      this.cpuAtStart = cpuAtStart;
      this.nanosAtStart = nanosAtStart;
    }

    Use end() throws IOException {
      return new Use(seconds() - cpuAtStart, (System.nanoTime() - nanosAtStart) / 1e9);
    }
  }

  /** CPU seconds used over a stretch of wall seconds. */
  record Use(double cpuSeconds, double wallSeconds) {
    /** {@code cpu_s}, {@code over_s} and {@code pct_of_one_core}, over the whole window. */
    Map<String, Object> toJson() {
      return toJson(wallSeconds);
    }

    /**
     * The same over a shorter stretch inside the window, e.g. the seconds frames were flowing when the
     * window also holds a load generator's JVM start-up.
     */
    Map<String, Object> toJson(double overSeconds) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("cpu_s", round(cpuSeconds));
      m.put("over_s", round(overSeconds));
      m.put("pct_of_one_core", round(100 * cpuSeconds / overSeconds));
      return m;
    }
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }

  /** The kernel's USER_HZ; 100 on every Linux this runs on, asked anyway since /proc counts in it. */
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
