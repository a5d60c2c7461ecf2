package io.chektbridge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The load driver: starts the real daemon jar as its own process (with the unit's JVM flags) and
 * drives it with {@code chekt-bridge send-test}, measuring start-to-ready, ACKs/s and ACK latency for
 * TCP/UDP, plain/AES, 1 and 50 connections, and the daemon's RSS idle and under load. Writes
 * {@code bench/results/load.json}. Usage: {@code java -cp bench/target/benchmarks.jar
 * io.chektbridge.bench.LoadBench bridge-daemon/target/chekt-bridge.jar bench/results}.
 */
public final class LoadBench {
  private static final String KEY = "000102030405060708090A0B0C0D0E0F";
  /** The JVM flags and MALLOC_ARENA_MAX of systemd/chekt-bridge.service, so memory figures are the installed ones. */
  private static final List<String> UNIT_FLAGS = List.of("-Xms16m", "-Xmx96m", "-Xss512k", "-XX:+UseSerialGC",
      "-Dio.netty.allocator.numDirectArenas=1", "-Dio.netty.allocator.numHeapArenas=1",
      "-XX:MaxMetaspaceSize=64m", "-XX:ReservedCodeCacheSize=32m", "-XX:MaxDirectMemorySize=32m");

  private final Path jar;
  private final Path work;
  private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private LoadBench(Path jar, Path work) {
    this.jar = jar;
    this.work = work;
  }

  public static void main(String[] args) throws Exception {
    Path jar = Path.of(args.length > 0 ? args[0] : "bridge-daemon/target/chekt-bridge.jar");
    Path results = Path.of(args.length > 1 ? args[1] : "bench/results");
    Files.createDirectories(results);
    Map<String, Object> out = new LoadBench(jar, Files.createTempDirectory("chekt-bench")).run();
    Files.writeString(results.resolve("load.json"), new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
        .writeValueAsString(out));
    System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(out));
  }

  private Map<String, Object> run() throws Exception {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("when", Instant.now().toString());
    out.put("machine", machine());
    out.put("durable", daemonRun(true));
    out.put("no_fsync", daemonRun(false));
    return out;
  }

  private Map<String, Object> daemonRun(boolean durable) throws Exception {
    int dc09 = freePort();
    int status = freePort();
    Path data = Files.createTempDirectory(work, "data");
    Path key = work.resolve("5678.key");
    Files.writeString(key, KEY + "\n");
    Files.setPosixFilePermissions(key, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    Path config = work.resolve("bench-" + durable + ".yaml");
    Files.writeString(config, """
        receivers:
          dc09:
            listen: 127.0.0.1:%d
            accept_unknown_accounts: true
            max_frames_per_second: 1000000
            accounts:
              - account: "5678"
                key_file: %s
        status:
          listen: 127.0.0.1:%d
        storage:
          path: %s
        """.formatted(dc09, key, status, data));
    List<String> cmd = new ArrayList<>(List.of(java(), "-cp", jar.toString()));
    cmd.addAll(UNIT_FLAGS);
    if (!durable) {
      cmd.add("-Dchekt.bench.noFsync=true");
    }
    cmd.addAll(List.of("io.chektbridge.daemon.cli.Main", "run", "--config", config.toString()));
    long t0 = System.nanoTime();
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(work.resolve("daemon-" + durable + ".log").toFile());
    pb.environment().put("MALLOC_ARENA_MAX", "2");
    Process daemon = pb.start();
    Map<String, Object> out = new LinkedHashMap<>();
    try {
      waitReady(status);
      out.put("start_to_ready_ms", (System.nanoTime() - t0) / 1_000_000);
      Thread.sleep(2000);
      out.put("rss_idle_mib", rssMib(daemon.pid()));
      out.put("tcp_1conn_lockstep", sendTest(dc09, "--count", "3000", "--connections", "1"));
      out.put("tcp_50conn", sendTest(dc09, "--count", "600", "--connections", "50"));
      out.put("rss_after_load_mib", rssMib(daemon.pid()));
      out.put("tcp_50conn_aes128", sendTest(dc09, "--count", "400", "--connections", "50", "--account", "5678",
          "--key", KEY));
      out.put("udp_1conn", sendTest(dc09, "--count", "1000", "--udp"));
      out.put("tcp_200conn", sendTest(dc09, "--count", "100", "--connections", "200"));
      out.put("rss_peak_mib", peakRssMib(daemon.pid()));
      out.put("daemon_cpu_s", cpuSeconds(daemon.pid()));
    } finally {
      daemon.destroy();
      daemon.waitFor();
    }
    return out;
  }

  private JsonNode sendTest(int port, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(java(), "-jar", jar.toString(), "send-test", "--port",
        Integer.toString(port), "--json", "--timeout", "10s"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
    byte[] stdout = p.getInputStream().readAllBytes();
    p.waitFor();
    return json.readTree(stdout);
  }

  private static void waitReady(int port) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    Instant deadline = Instant.now().plusSeconds(30);
    while (Instant.now().isBefore(deadline)) {
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz"))
            .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not up yet
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException("daemon not ready within 30 s");
  }

  private static double rssMib(long pid) throws IOException {
    return statusField(pid, "VmRSS:") / 1024.0;
  }

  private static double peakRssMib(long pid) throws IOException {
    return statusField(pid, "VmHWM:") / 1024.0;
  }

  private static long statusField(long pid, String field) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith(field)) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }

  private static double cpuSeconds(long pid) throws IOException {
    String[] f = Files.readString(Path.of("/proc", Long.toString(pid), "stat")).split("\\) ")[1].split(" ");
    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
  }

  private static Map<String, Object> machine() throws IOException {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cores", Runtime.getRuntime().availableProcessors());
    m.put("java", System.getProperty("java.version"));
    m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
        .findFirst().map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("unknown");
    m.put("cpu", cpu);
    return m;
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
