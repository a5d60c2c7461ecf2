package io.chektbridge.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chektbridge.daemon.ops.NotifySocket;
import io.chektbridge.daemon.testing.BridgeYaml;
import io.chektbridge.daemon.testing.DaemonProcess;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code chekt-bridge run} as systemd starts it (Type=notify, WatchdogSec): a real child process
 * with NOTIFY_SOCKET pointing at a real unix datagram socket. READY=1 only once /readyz answers
 * 200, WATCHDOG=1 keeps coming while healthy, STOPPING=1 and exit 0 on SIGTERM.
 */
class RunUnderSystemdTest {
  @TempDir Path dir;

  @Test
  void notifiesReadyWatchdogAndStopping() throws Exception {
    BridgeYaml yaml = DaemonProcess.config(dir);
    int statusPort = yaml.statusPort();
    Path config = yaml.write();
    HttpClient http = HttpClient.newHttpClient();
    try (NotifySocket systemd = new NotifySocket(dir.resolve("notify"))) {
      ProcessBuilder pb =
          new ProcessBuilder(
                  javaBin(),
                  "-cp",
                  testClasspath(),
                  Main.class.getName(),
                  "run",
                  "--config",
                  config.toString())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("out.log").toFile());
      pb.environment().put("NOTIFY_SOCKET", systemd.path().toString());
      pb.environment().put("WATCHDOG_USEC", "200000");
      Process p = pb.start();
      try {
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> systemd.count("READY=1") == 1 || !p.isAlive());
        assertThat(p.isAlive()).as("daemon died; log:\n%s", log()).isTrue();
        HttpResponse<String> ready =
            http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + statusPort + "/readyz"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(systemd.messages().get(0)).startsWith("READY=1");

        await().atMost(Duration.ofSeconds(30)).until(() -> systemd.count("WATCHDOG=1") >= 3);

        p.destroy(); // SIGTERM
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("exit code; log:\n%s", log()).isZero();
        assertThat(systemd.count("STOPPING=1")).isEqualTo(1);
      } finally {
        p.destroyForcibly();
      }
    }
  }

  private String log() throws Exception {
    return Files.readString(dir.resolve("out.log"));
  }

  static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** Surefire's own classpath (classes, test classes, dependencies). */
  static String testClasspath() {
    String cp = System.getProperty("surefire.test.class.path");
    return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
  }

  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
