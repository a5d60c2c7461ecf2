package io.chektbridge.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chektbridge.daemon.testing.BridgeYaml;
import io.chektbridge.daemon.testing.DaemonProcess;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real {@code run} command in its own JVM, probed over real sockets and stopped by signals. */
class RunCommandProcessTest {
  @TempDir Path dir;

  @Test
  void startsAnswersStatusAndStopsCleanlyOnSigterm() throws Exception {
    BridgeYaml config = DaemonProcess.config(dir).site("site_test").timezone("Asia/Seoul");
    int statusPort = config.statusPort();

    try (DaemonProcess daemon = DaemonProcess.run(config)) {
      await()
          .atMost(Duration.ofSeconds(20))
          .ignoreExceptions()
          .until(() -> DaemonProcess.get(statusPort, "/readyz").statusCode() == 200);
      assertThat(DaemonProcess.get(statusPort, "/healthz").body()).isEqualTo("ok\n");

      HttpResponse<String> status = DaemonProcess.get(statusPort, "/status");
      assertThat(status.statusCode()).isEqualTo(200);
      assertThat(status.headers().firstValue("content-type")).hasValue("application/json");
      assertThat(status.body())
          .contains("\"version\":\"1.0.0\"")
          .contains("\"uptime_s\":")
          .contains("\"id\":\"site_test\"")
          .contains("\"alerts\":[]");
      assertThat(DaemonProcess.get(statusPort, "/metrics").statusCode()).isEqualTo(200);
      assertThat(DaemonProcess.get(statusPort, "/nope").statusCode()).isEqualTo(404);

      long before = System.nanoTime();
      assertThat(daemon.terminate(Duration.ofSeconds(5))).as(daemon.log()).isZero();
      assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(5));
      assertThat(daemon.log()).contains("chekt-bridge ready").contains("chekt-bridge stopped");
    }
    assertThat(Files.exists(dir.resolve("data/chekt-bridge.mv.db"))).isTrue();
    // the port is released: a second daemon on the same ports and data starts again
    try (DaemonProcess again = DaemonProcess.run(config)) {
      await()
          .atMost(Duration.ofSeconds(20))
          .ignoreExceptions()
          .until(() -> DaemonProcess.get(statusPort, "/readyz").statusCode() == 200);
      assertThat(again.terminate(Duration.ofSeconds(5))).isZero();
    }
  }

  @Test
  void invalidConfigExitsWithUsageCodeAndNamesTheKey() throws Exception {
    Path config = dir.resolve("bridge.yaml");
    Files.writeString(config, "partitions:\n  - number: 1\n    exit_delay: 60\n");
    try (DaemonProcess daemon = DaemonProcess.start(dir, "run", "--config", config.toString())) {
      assertThat(daemon.process().waitFor()).isEqualTo(2);
      assertThat(daemon.log()).contains("line 3: partitions[0].exit_delay");
    }
  }
}
