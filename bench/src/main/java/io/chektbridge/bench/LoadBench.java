package io.chektbridge.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The load driver: starts the real daemon jar as its own process (with the unit's JVM flags) and
 * drives it with {@link LockStepPanels} over TCP (in this JVM, its CPU per frame reported) and
 * {@code chekt-bridge send-test} over UDP, measuring start-to-ready, ACKs/s, ACK latency and the
 * daemon's CPU for TCP/UDP, plain/AES, 1 and 50 connections, and its RSS idle and under load; then
 * panel event → cloud latency with {@link FrameToCloudBench}. Writes {@code load.json} into the
 * results directory. Usage: {@code java -cp bench/target/benchmarks.jar
 * io.chektbridge.bench.LoadBench bridge-daemon/target/chekt-bridge.jar bench/results
 * [--phases=durable,no_fsync,cloud]}; a subset of phases is for trying one out and belongs in a
 * scratch directory, not bench/results.
 */
public final class LoadBench {
  private static final String KEY = "000102030405060708090A0B0C0D0E0F";
  private static final List<String> ALL_PHASES = List.of("durable", "no_fsync", "cloud");
  private static final int LOCK_STEP_FRAMES = 15_000;
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Path jar;
  private final Path work;

  /** Panel events the running daemon was sent and ACKed so far (one per frame). */
  private long eventsAcked;

  private int statusPort;

  private LoadBench(Path jar, Path work) {
    this.jar = jar;
    this.work = work;
  }

  public static void main(String[] args) throws Exception {
    List<String> positional = Arrays.stream(args).filter(a -> !a.startsWith("--")).toList();
    List<String> phases =
        Arrays.stream(args)
            .filter(a -> a.startsWith("--phases="))
            .findFirst()
            .map(a -> List.of(a.substring("--phases=".length()).split(",")))
            .orElse(ALL_PHASES);
    if (!ALL_PHASES.containsAll(phases)) {
      System.err.println(
          "--phases takes a comma-separated subset of " + ALL_PHASES + ", got " + phases);
      System.exit(2);
    }
    Path jar =
        Path.of(
            positional.size() > 0 ? positional.get(0) : "bridge-daemon/target/chekt-bridge.jar");
    Path results = Path.of(positional.size() > 1 ? positional.get(1) : "bench/results");
    Files.createDirectories(results);
    Path work = Files.createTempDirectory("chekt-bench");
    Map<String, Object> out;
    try {
      out = new LoadBench(jar, work).run(phases);
    } finally {
      deleteTree(work); // a full run leaves ~1.5 GB of H2 files
    }
    String text = JSON.writeValueAsString(out);
    Files.writeString(results.resolve("load.json"), text);
    System.out.println(text);
  }

  static void deleteTree(Path root) throws java.io.IOException {
    try (java.util.stream.Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private Map<String, Object> run(List<String> phases) throws Exception {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("when", Instant.now().toString());
    out.put("machine", machine());
    if (phases.contains("durable")) {
      out.put("fsync_probe", FsyncProbe.run(work));
      out.put("minimal_receiver", minimalReceiverRuns());
      out.put("durable", receiverRun(true));
      out.put("fsync_probe_after", FsyncProbe.run(work));
    }
    if (phases.contains("no_fsync")) {
      out.put("no_fsync", receiverRun(false));
    }
    if (phases.contains("cloud")) {
      out.put("frame_to_cloud", new FrameToCloudBench(jar, work).run());
    }
    return out;
  }

  private Map<String, Object> receiverRun(boolean durable) throws Exception {
    int dc09 = BenchDaemon.freePort();
    int status = BenchDaemon.freePort();
    Path config = receiverConfig(durable, dc09, status);
    Map<String, Object> out = new LinkedHashMap<>();
    Path log = work.resolve("daemon-" + durable + ".log");
    eventsAcked = 0;
    statusPort = status;
    try (BenchDaemon daemon =
        durable
            ? BenchDaemon.start(jar, config, log)
            : BenchDaemon.startUnsynced(jar, config, log)) {
      out.put("start_to_ready_ms", daemon.awaitReady(status));
      Thread.sleep(2000);
      out.put("rss_idle_mib", daemon.rssMib());
      // a bridge runs for months: measure it compiled, not while its JIT is still at work
      out.put("warmup", lockStep(daemon, dc09, null, 500, 20));
      // 15,000 frames, not 3,000: the shorter row moved by a third between runs, the JIT compiler
      // still at work in it
      out.put("tcp_1conn_lockstep", lockStep(daemon, dc09, null, LOCK_STEP_FRAMES, 1));
      out.put("tcp_50conn", lockStep(daemon, dc09, null, 600, 50));
      out.put("rss_after_load_mib", daemon.rssMib());
      out.put("tcp_50conn_aes128", lockStep(daemon, dc09, KEY, 400, 50));
      out.put("udp_1conn", sendTest(daemon, dc09, "--count", "1000", "--udp"));
      out.put("tcp_200conn", lockStep(daemon, dc09, null, 100, 200));
      out.put("rss_peak_mib", daemon.peakRssMib());
      out.put("daemon_cpu_s", daemon.cpu().seconds());
    }
    return out;
  }

  /**
   * {@link MinimalReceiver}, synced and not, under the daemon's lock-step and 50-connection loads:
   * what this host allows any receiver, against which the daemon's rows are read.
   */
  private Map<String, Object> minimalReceiverRuns() throws Exception {
    Map<String, Object> out = new LinkedHashMap<>();
    for (boolean sync : new boolean[] {true, false}) {
      try (MinimalReceiver r = MinimalReceiver.start(work, sync)) {
        new LockStepPanels(r.port(), "1234", null, 500, Duration.ofSeconds(10)).run(20);
        String suffix = sync ? "" : "_no_fsync";
        out.put("tcp_1conn_lockstep" + suffix, minimalRun(r, LOCK_STEP_FRAMES, 1));
        out.put("tcp_50conn" + suffix, minimalRun(r, 600, 50));
      }
    }
    return out;
  }

  private static ObjectNode minimalRun(MinimalReceiver r, int count, int connections)
      throws IOException {
    long cpu = r.cpuNanos();
    ObjectNode result =
        new LockStepPanels(r.port(), "1234", null, count, Duration.ofSeconds(10)).run(connections);
    long frames = result.path("sent").asLong();
    result.put(
        "receiver_cpu_us_per_frame",
        frames == 0 ? 0 : Math.round((r.cpuNanos() - cpu) / 1e3 / frames * 10) / 10.0);
    result.put("host_load_average", HostLoad.averages());
    return result;
  }

  private Path receiverConfig(boolean durable, int dc09, int status) throws IOException {
    Path key = BenchDaemon.writeSecret(work.resolve("5678.key"), KEY);
    Path config = work.resolve("bench-" + durable + ".yaml");
    Files.writeString(
        config,
        BenchConfig.receiver(dc09, status, Files.createTempDirectory(work, "data"), "5678", key));
    return config;
  }

  /**
   * One run of {@link LockStepPanels} in this JVM (warmed by the runs before it, as the daemon is),
   * with the daemon's CPU over it; plain frames from account 1234, or AES frames from 5678 with
   * {@code key}.
   */
  private ObjectNode lockStep(BenchDaemon daemon, int port, String key, int count, int connections)
      throws Exception {
    LockStepPanels panels =
        key == null
            ? new LockStepPanels(port, "1234", null, count, Duration.ofSeconds(10))
            : new LockStepPanels(
                port, "5678", HexFormat.of().parseHex(key), count, Duration.ofSeconds(10));
    ProcessCpu.Window cpu = daemon.cpu().start();
    ObjectNode result = panels.run(connections);
    return applied(daemon, withDaemonCpu(result, cpu.end()));
  }

  /**
   * Adds how long after the row's last ACK the state engine had applied every event so far (the
   * journal's copy into H2 and the state engine run behind the ACKs, at a lower priority), and the
   * rate over the whole way, from the first frame to the last event applied. The next row starts
   * only then, so no row pays for the one before it.
   */
  private ObjectNode applied(BenchDaemon daemon, ObjectNode result) throws Exception {
    eventsAcked += result.path("acked").asLong();
    double after = daemon.awaitApplied(statusPort, eventsAcked, Duration.ofMinutes(2));
    result.put("applied_s_after_last_ack", Math.round(after * 1000) / 1000.0);
    if (after >= 0) {
      result.put(
          "applied_per_s",
          Math.round(
              result.path("acked").asLong() / (result.path("elapsed_s").asDouble() + after)));
    }
    return result;
  }

  /**
   * One {@code send-test} run, with the daemon's CPU over it as % of one core. The CPU is divided
   * by the seconds frames were flowing (send-test's own elapsed time), not by the wall time around
   * the process, which also holds send-test's JVM start-up while the daemon idles.
   */
  private ObjectNode sendTest(BenchDaemon daemon, int port, String... args) throws Exception {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                BenchDaemon.java(),
                "-jar",
                jar.toString(),
                "send-test",
                "--port",
                Integer.toString(port),
                "--json",
                "--timeout",
                "10s"));
    cmd.addAll(List.of(args));
    ProcessCpu.Window cpu = daemon.cpu().start();
    Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
    byte[] stdout = p.getInputStream().readAllBytes();
    p.waitFor();
    ProcessCpu.Use used = cpu.end();
    return applied(daemon, withDaemonCpu((ObjectNode) JSON.readTree(stdout), used));
  }

  private static ObjectNode withDaemonCpu(ObjectNode result, ProcessCpu.Use used)
      throws IOException {
    result.set("daemon_cpu", JSON.valueToTree(used.toJson(result.path("elapsed_s").asDouble())));
    result.put("host_load_average", HostLoad.averages());
    return result;
  }

  private static Map<String, Object> machine() throws IOException {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cores", Runtime.getRuntime().availableProcessors());
    m.put("java", System.getProperty("java.version"));
    m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    String cpu =
        Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
            .filter(l -> l.startsWith("model name"))
            .findFirst()
            .map(l -> l.substring(l.indexOf(':') + 1).strip())
            .orElse("unknown");
    m.put("cpu", cpu);
    m.put("load_average_at_start", HostLoad.averages());
    return m;
  }
}
