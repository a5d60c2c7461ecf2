package io.chektbridge.bench;

import io.chektbridge.bench.LatencyRecorder.MarkerRange;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Panel event → cloud request latency (DESIGN.md §7: p99 ≤ 250 ms on a healthy cloud): the daemon
 * jar with cloud sync on, pointed at a {@link CloudStandIn} in this process, fed burglary alarms by
 * {@link PacedPanels} at a steady rate per step. Each step reports counts (sent, ACKed, delivered,
 * missing, doubled), ACK and frame → cloud percentiles, and the daemon's CPU from the first frame until
 * the last event reached the cloud. A short warm-up step runs first, since an installed bridge is
 * long past JIT compilation when an alarm comes.
 */
final class FrameToCloudBench {
  private static final String SITE = "site_bench";
  private static final String API_KEY = "chekt_test_" + "0123456789abcdef".repeat(2);
  private static final String EVENTS_PATH = "/ext/v1/events";
  private static final int CONNECTIONS = 4;
  private static final int STEP_SECONDS = Integer.getInteger("chekt.bench.stepSeconds", 25);
  private static final long DRAIN_TIMEOUT_NANOS = 30_000_000_000L;

  /** A load step: its name in the results, frames per second, and for how long. */
  private record Step(String name, int ratePerSecond, int seconds) {
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
        BenchDaemon daemon = BenchDaemon.start(jar, config(cloud, dc09, status), work.resolve("daemon-cloud.log"),
            List.of())) {
      out.put("start_to_ready_ms", daemon.awaitReady(status));
      out.put("connections", CONNECTIONS);
      PacedPanels panels = new PacedPanels(dc09, CONNECTIONS, recorder);
      List<Step> steps = List.of(new Step("warmup", 50, 4), new Step("rate_20", 20, STEP_SECONDS),
          new Step("rate_200", 200, STEP_SECONDS));
      for (int i = 0; i < steps.size(); i++) {
        Step s = steps.get(i);
        out.put(s.name(), step(daemon, panels, s, markers(i, s)));
      }
      out.put("rss_peak_mib", daemon.peakRssMib());
      out.put("cloud_refused_requests", cloud.refused());
      out.put("cloud_events_not_from_bench", recorder.unmatched());
    }
    return out;
  }

  /**
   * Step {@code i}'s zone numbers: {@code (i + 1) * 100,000} on. SIA DC-03 zone numbers have at most six
   * digits, so a step holds at most 100,000 frames and there are at most nine steps.
   */
  private static MarkerRange markers(int i, Step s) {
    int count = s.ratePerSecond() * s.seconds();
    if (count >= 100_000 || i >= 9) {
      throw new IllegalArgumentException("step " + s.name() + " has " + count + " frames; at most 99,999 fit");
    }
    return new MarkerRange((i + 1) * 100_000, count);
  }

  private Map<String, Object> step(BenchDaemon daemon, PacedPanels panels, Step s, MarkerRange markers)
      throws IOException, InterruptedException {
    ProcessCpu.Window cpu = daemon.cpu().start();
    long t0 = System.nanoTime();
    panels.send(markers, s.ratePerSecond());
    double sendSeconds = (System.nanoTime() - t0) / 1e9;
    long deadline = System.nanoTime() + DRAIN_TIMEOUT_NANOS;
    while (!recorder.allDelivered(markers) && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    ProcessCpu.Use used = cpu.end();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("rate_per_s", s.ratePerSecond());
    m.put("send_s", Math.round(sendSeconds * 100) / 100.0);
    m.putAll(recorder.summary(markers));
    m.put("daemon_cpu", used.toJson());
    System.err.printf("frame → cloud %s: %s%n", s.name(), m);
    return m;
  }

  private Path config(CloudStandIn cloud, int dc09, int status) throws IOException {
    Path apiKey = BenchDaemon.writeSecret(work.resolve("api-key"), API_KEY);
    Path config = work.resolve("bench-cloud.yaml");
    Files.writeString(config, """
        site:
          id: %s
        cloud:
          base_url: %s
          auth:
            type: api_key
            api_key_file: %s
          events_path: %s
        receivers:
          dc09:
            listen: 127.0.0.1:%d
            accept_unknown_accounts: true
            max_frames_per_second: 1000000
        status:
          listen: 127.0.0.1:%d
        storage:
          path: %s
        """.formatted(SITE, cloud.baseUrl(), apiKey, EVENTS_PATH, dc09, status,
        Files.createTempDirectory(work, "data-cloud")));
    return config;
  }
}
