package io.chektbridge.bench;

import static io.chektbridge.bench.BenchConfig.API_KEY;
import static io.chektbridge.bench.BenchConfig.EVENTS_PATH;

import io.chektbridge.bench.LatencyRecorder.MarkerRange;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Panel event → cloud request latency (the performance targets in README: p99 ≤ 250 ms on a healthy
 * cloud): the daemon jar with cloud sync on, pointed at a {@link CloudStandIn} in this process, fed
 * burglary alarms by {@link PacedPanels} at a steady rate per step. Each step reports counts (sent,
 * ACKed, delivered, missing, doubled), ACK and frame → cloud percentiles, and the daemon's CPU from
 * the first frame until the last event reached the cloud. A short warm-up step runs first, since an
 * installed bridge is long past JIT compilation when an alarm comes.
 */
final class FrameToCloudBench {
  private static final int CONNECTIONS = 4;
  private static final int STEP_SECONDS = Integer.getInteger("chekt.bench.stepSeconds", 25);
  private static final long DRAIN_TIMEOUT_NANOS = 30_000_000_000L;
  private static final long LATE_DUPLICATE_GRACE_MS = 1000;

  /**
   * A load step: its name in the results, frames per second, for how long, and its place in the
   * run, which picks its zone numbers: {@code (index + 1) * 100,000} on. SIA DC-03 zone numbers
   * have at most six digits, so a step holds fewer than 100,000 frames and a run at most nine
   * steps.
   */
  private record Step(String name, int ratePerSecond, int seconds, int index) {
    Step {
      if (ratePerSecond * seconds >= 100_000 || index >= 9) {
        throw new IllegalArgumentException(
            "step " + name + " needs more zone numbers than six digits leave it");
      }
    }

    MarkerRange markers() {
      return new MarkerRange((index + 1) * 100_000, ratePerSecond * seconds);
    }
  }

  private final Path jar;
  private final Path work;
  private final LatencyRecorder recorder = new LatencyRecorder();

  FrameToCloudBench(Path jar, Path work) {
    this.jar = jar;
    this.work = work;
  }

  Map<String, Object> run() throws Exception {
    int dc09 = BenchDaemon.freePort();
    int status = BenchDaemon.freePort();
    Map<String, Object> out = new LinkedHashMap<>();
    try (CloudStandIn cloud = new CloudStandIn(EVENTS_PATH, API_KEY, recorder);
        BenchDaemon daemon =
            BenchDaemon.start(jar, config(cloud, dc09, status), work.resolve("daemon-cloud.log"))) {
      out.put("start_to_ready_ms", daemon.awaitReady(status));
      out.put("connections", CONNECTIONS);
      PacedPanels panels = new PacedPanels(dc09, CONNECTIONS, recorder);
      Map<Step, Map<String, Object>> steps = new LinkedHashMap<>();
      Step warmup = new Step("warmup", 50, 4, 0);
      steps.put(warmup, step(daemon, panels, warmup));
      out.put("idle_daemon_cpu", idle(daemon));
      for (Step s :
          List.of(
              new Step("rate_20", 20, STEP_SECONDS, 1),
              new Step("rate_200", 200, STEP_SECONDS, 2))) {
        steps.put(s, step(daemon, panels, s));
      }
      Thread.sleep(LATE_DUPLICATE_GRACE_MS);
      steps.forEach((s, cpu) -> out.put(s.name(), summary(s, cpu)));
      out.put("rss_peak_mib", daemon.peakRssMib());
      out.put("cloud_refused_requests", cloud.refused());
      out.put("cloud_events_not_from_bench", recorder.unmatched());
    }
    return out;
  }

  /**
   * The daemon's CPU with cloud sync on and nothing to send: the floor under each step's figure.
   */
  private static Map<String, Object> idle(BenchDaemon daemon)
      throws IOException, InterruptedException {
    ProcessCpu.Window cpu = daemon.cpu().start();
    Thread.sleep(3000);
    return cpu.end().toJson();
  }

  /**
   * Sends one step's frames and waits until every ACKed one reached the cloud (or the drain
   * timeout); returns the daemon's CPU over that time and the host's load average at its end.
   */
  private Map<String, Object> step(BenchDaemon daemon, PacedPanels panels, Step s)
      throws IOException, InterruptedException {
    ProcessCpu.Window cpu = daemon.cpu().start();
    long t0 = System.nanoTime();
    panels.send(s.markers(), s.ratePerSecond());
    double sendSeconds = (System.nanoTime() - t0) / 1e9;
    long deadline = System.nanoTime() + DRAIN_TIMEOUT_NANOS;
    while (!recorder.allDelivered(s.markers()) && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("send_s", Math.round(sendSeconds * 100) / 100.0);
    m.put("daemon_cpu", cpu.end().toJson());
    m.put("host_load_average", HostLoad.averages());
    System.err.printf("frame → cloud %s: %s %s%n", s.name(), recorder.summary(s.markers()), m);
    return m;
  }

  /**
   * A step's counts and percentiles, taken after the last step so a late second delivery still
   * counts.
   */
  private Map<String, Object> summary(Step s, Map<String, Object> timing) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("rate_per_s", s.ratePerSecond());
    m.putAll(recorder.summary(s.markers()));
    m.putAll(timing);
    return m;
  }

  private Path config(CloudStandIn cloud, int dc09, int status) throws IOException {
    Path config = work.resolve("bench-cloud.yaml");
    Files.writeString(
        config,
        BenchConfig.cloud(cloud.baseUrl(), work)
            + BenchConfig.receiver(
                dc09, status, Files.createTempDirectory(work, "data-cloud"), null, null));
    return config;
  }
}
