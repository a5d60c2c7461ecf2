package io.chektbridge.bench;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The real daemon jar as its own process, started with the systemd unit's JVM flags so that memory
 * and CPU figures are those of an installed bridge. Output goes to a log file beside its config.
 */
final class BenchDaemon implements AutoCloseable {
  /** The JVM flags and MALLOC_ARENA_MAX of systemd/chekt-bridge.service. */
  private static final List<String> UNIT_FLAGS =
      List.of(
          "-Xms16m",
          "-Xmx64m",
          "-Xss512k",
          "-XX:+UseSerialGC",
          "-XX:TieredStopAtLevel=1",
          "-Dio.netty.allocator.numDirectArenas=1",
          "-Dio.netty.allocator.numHeapArenas=1",
          "-XX:MaxMetaspaceSize=64m",
          "-XX:ReservedCodeCacheSize=32m",
          "-XX:MaxDirectMemorySize=32m");

  private final Process process;
  private final long startedNanos;

  private BenchDaemon(Process process, long startedNanos) {
    this.process = process;
    this.startedNanos = startedNanos;
  }

  /** Starts {@code chekt-bridge run --config <config>}, as installed. */
  static BenchDaemon start(Path jar, Path config, Path log) throws IOException {
    return start(
        List.of(java(), "-cp", jar.toString()),
        List.of("io.chektbridge.daemon.cli.Main", "run", "--config", config.toString()),
        log);
  }

  /** Starts the daemon without syncs ({@link UnsyncedBridge}), to measure what durability costs. */
  static BenchDaemon startUnsynced(Path jar, Path config, Path log) throws IOException {
    Path bench;
    try {
      bench =
          Path.of(UnsyncedBridge.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IOException("cannot locate the bench classes: " + e.getMessage(), e);
    }
    return start(
        List.of(java(), "-cp", jar + File.pathSeparator + bench),
        List.of(UnsyncedBridge.class.getName(), config.toString()),
        log);
  }

  private static BenchDaemon start(
      List<String> javaAndClasspath, List<String> mainAndArgs, Path log) throws IOException {
    List<String> cmd = new ArrayList<>(javaAndClasspath);
    cmd.addAll(UNIT_FLAGS);
    cmd.addAll(mainAndArgs);
    long t0 = System.nanoTime();
    ProcessBuilder pb =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("MALLOC_ARENA_MAX", "2");
    return new BenchDaemon(pb.start(), t0);
  }

  /**
   * Waits until the status port answers {@code /readyz} with 200; returns ms since the process
   * started.
   */
  long awaitReady(int statusPort) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest readyz =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + statusPort + "/readyz"))
            .timeout(Duration.ofSeconds(1))
            .build();
    Instant deadline = Instant.now().plusSeconds(30);
    while (Instant.now().isBefore(deadline) && process.isAlive()) {
      try {
        if (http.send(readyz, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return (System.nanoTime() - startedNanos) / 1_000_000;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException(
        "daemon not ready within 30 s (alive: " + process.isAlive() + "); see its log");
  }

  /**
   * Waits until the state engine has applied {@code events} panel events in all (the status port's
   * {@code chekt_bridge_state_events_total}); returns the seconds waited, or -1 after {@code
   * patience}.
   */
  double awaitApplied(int statusPort, long events, Duration patience)
      throws IOException, InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest metrics =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + statusPort + "/metrics"))
            .timeout(Duration.ofSeconds(5))
            .build();
    long t0 = System.nanoTime();
    while (System.nanoTime() - t0 < patience.toNanos()) {
      String body = http.send(metrics, HttpResponse.BodyHandlers.ofString()).body();
      if (counter(body, "chekt_bridge_state_events_total") >= events) {
        return (System.nanoTime() - t0) / 1e9;
      }
      Thread.sleep(10);
    }
    return -1;
  }

  private static double counter(String exposition, String name) {
    for (String line : exposition.split("\n")) {
      if (line.startsWith(name + " ")) {
        return Double.parseDouble(line.substring(name.length() + 1).strip());
      }
    }
    return -1;
  }

  ProcessCpu cpu() {
    return new ProcessCpu(process.pid());
  }

  double rssMib() throws IOException {
    return statusField("VmRSS:") / 1024.0;
  }

  double peakRssMib() throws IOException {
    return statusField("VmHWM:") / 1024.0;
  }

  private long statusField(String field) throws IOException {
    for (String line :
        Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
      if (line.startsWith(field)) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    process.waitFor();
  }

  /** Writes a secret the daemon reads (key file, API key file) with the 0600 mode it insists on. */
  static Path writeSecret(Path file, String secret) throws IOException {
    Files.writeString(file, secret + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    return file;
  }

  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
