package io.chektbridge.daemon.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real daemon in a child JVM ({@code chekt-bridge run}), on the test classpath, with its output
 * in a file. Tests stop it with SIGTERM ({@link #terminate}) or SIGKILL ({@link #kill}).
 */
public final class DaemonProcess implements AutoCloseable {
  private final Process process;
  private final Path log;
  private final int statusPort;

  private DaemonProcess(Process process, Path log, int statusPort) {
    this.process = process;
    this.log = log;
    this.statusPort = statusPort;
  }

  /**
   * A config for a child daemon in {@code workDir}: the DC-09 receiver and the status port on free
   * ports picked here, since the test cannot read back the ports a child bound.
   */
  public static BridgeYaml config(Path workDir) throws IOException {
    return BridgeYaml.in(workDir).dc09Port(freePort()).statusPort(freePort());
  }

  /** {@code chekt-bridge run} on {@code config}, written to bridge.yaml in its folder. */
  public static DaemonProcess run(BridgeYaml config) throws IOException {
    return run(config, java.util.Map.of());
  }

  /** As {@link #run(BridgeYaml)}, with {@code env} added to the child's environment. */
  public static DaemonProcess run(BridgeYaml config, java.util.Map<String, String> env)
      throws IOException {
    return start(
        config.dir(), env, config.statusPort(), "run", "--config", config.write().toString());
  }

  public static DaemonProcess start(Path workDir, String... args) throws IOException {
    return start(workDir, java.util.Map.of(), args);
  }

  /** As {@link #start(Path, String...)}, with {@code env} added to the child's environment. */
  public static DaemonProcess start(Path workDir, java.util.Map<String, String> env, String... args)
      throws IOException {
    return start(workDir, env, 0, args);
  }

  private static DaemonProcess start(
      Path workDir, java.util.Map<String, String> env, int statusPort, String... args)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx128m");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("io.chektbridge.daemon.cli.Main");
    cmd.addAll(List.of(args));
    // appended: a daemon restarted in the same directory keeps the log of the run it follows
    Path log = workDir.resolve("daemon.log");
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.environment().remove("CHEKT_BRIDGE_CONFIG");
    pb.environment().remove("JOURNAL_STREAM");
    pb.environment().putAll(env);
    return new DaemonProcess(pb.start(), log, statusPort);
  }

  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** GETs a path on the status port; -1 when nothing answers. */
  public static HttpResponse<String> get(int port, String path)
      throws IOException, InterruptedException {
    return HttpClient.newBuilder()
        .connectTimeout(Duration.ofSeconds(2))
        .build()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  /** Waits until the daemon's status port says ready; fails at once if the daemon exits first. */
  public void awaitReady() {
    // generous: a child JVM under libfaketime on a loaded 2-core box took over 60 s to start (its
    // log
    // showed every step slow, none stuck); a daemon that exits fails at once
    await()
        .atMost(Duration.ofSeconds(150))
        .ignoreExceptions()
        .failFast("the daemon exited", () -> !process.isAlive())
        .until(() -> get(statusPort, "/readyz").statusCode() == 200);
  }

  /** GETs a path on this daemon's status port (a daemon started by {@link #run}). */
  public HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return get(statusPort, path);
  }

  public Process process() {
    return process;
  }

  public String log() {
    try {
      return java.nio.file.Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** SIGTERM, then the exit code, or -1 if it did not exit within the timeout. */
  public int terminate(Duration timeout) throws InterruptedException {
    process.destroy();
    return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
  }

  /** SIGKILL without waiting: for a test thread that must kill the instant it sees something. */
  public void killNow() {
    process.destroyForcibly();
  }

  /** SIGKILL: no shutdown code runs. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /**
   * Kills the daemon if it still runs. Not {@code throws InterruptedException}: javac warns about
   * that in every try-with-resources. An interrupted close has still sent SIGKILL; it keeps the
   * interrupt and stops waiting for the process to end.
   */
  @Override
  public void close() {
    if (process.isAlive()) {
      try {
        kill();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
