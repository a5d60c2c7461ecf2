package io.chektbridge.daemon.ops;

import com.sun.management.UnixOperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.ToLongFunction;

/**
 * JVM and process metrics under the names Prometheus' client libraries use, so an operator's stock
 * JVM dashboards and alerts work: heap, GC time, threads, open file descriptors, resident memory,
 * CPU time, start time.
 */
public final class ProcessMetrics {
  private static final Path PROC_STATUS = Path.of("/proc/self/status");

  private ProcessMetrics() {}

  public static void register(Metrics metrics) {
    memory(metrics);
    var threads = ManagementFactory.getThreadMXBean();
    metrics.gauge("jvm_threads_current", "Live JVM threads", "", threads::getThreadCount);
    metrics.gauge(
        "jvm_threads_daemon", "Live JVM daemon threads", "", threads::getDaemonThreadCount);
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      String label = Metrics.label("gc", gc.getName());
      metrics.counter(
          "jvm_gc_collection_seconds_total",
          "Time spent in garbage collection",
          label,
          () -> gc.getCollectionTime() / 1e3);
      metrics.counter(
          "jvm_gc_collections_total", "Garbage collections", label, gc::getCollectionCount);
    }
    var runtime = ManagementFactory.getRuntimeMXBean();
    metrics.gauge(
        "process_start_time_seconds",
        "Start time of the process (Unix time)",
        "",
        () -> runtime.getStartTime() / 1e3);
    if (ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean os) {
      metrics.gauge(
          "process_open_fds", "Open file descriptors", "", os::getOpenFileDescriptorCount);
      metrics.gauge(
          "process_max_fds", "Limit of open file descriptors", "", os::getMaxFileDescriptorCount);
      metrics.counter(
          "process_cpu_seconds_total",
          "CPU time used by the process",
          "",
          () -> os.getProcessCpuTime() / 1e9);
    }
    if (Files.isReadable(PROC_STATUS)) {
      metrics.gauge(
          "process_resident_memory_bytes",
          "Resident memory (RSS)",
          "",
          () -> procStatusKb("VmRSS:") * 1024.0);
      metrics.gauge(
          "process_virtual_memory_bytes",
          "Virtual memory size",
          "",
          () -> procStatusKb("VmSize:") * 1024.0);
    }
  }

  private static void memory(Metrics metrics) {
    var memory = ManagementFactory.getMemoryMXBean();
    area(metrics, "heap", () -> memory.getHeapMemoryUsage());
    area(metrics, "nonheap", () -> memory.getNonHeapMemoryUsage());
  }

  private static void area(
      Metrics metrics, String area, java.util.function.Supplier<MemoryUsage> usage) {
    String label = Metrics.label("area", area);
    gauge(
        metrics, "jvm_memory_used_bytes", "JVM memory in use", label, usage, MemoryUsage::getUsed);
    gauge(
        metrics,
        "jvm_memory_committed_bytes",
        "JVM memory committed by the OS",
        label,
        usage,
        MemoryUsage::getCommitted);
    gauge(
        metrics,
        "jvm_memory_max_bytes",
        "JVM memory limit (-1 when unbounded)",
        label,
        usage,
        MemoryUsage::getMax);
  }

  private static void gauge(
      Metrics metrics,
      String name,
      String help,
      String label,
      java.util.function.Supplier<MemoryUsage> usage,
      ToLongFunction<MemoryUsage> field) {
    metrics.gauge(name, help, label, () -> field.applyAsLong(usage.get()));
  }

  /** A "Vm...: 1234 kB" line of /proc/self/status, in kB; 0 when unreadable. */
  private static long procStatusKb(String key) {
    try {
      for (String line : Files.readAllLines(PROC_STATUS)) {
        if (line.startsWith(key)) {
          return Long.parseLong(line.substring(key.length()).replace("kB", "").trim());
        }
      }
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
    return 0;
  }
}
