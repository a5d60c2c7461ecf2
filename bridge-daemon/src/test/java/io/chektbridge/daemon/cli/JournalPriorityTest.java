package io.chektbridge.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chektbridge.daemon.testing.BridgeYaml;
import io.chektbridge.daemon.testing.DaemonProcess;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Under systemd ({@code JOURNAL_STREAM} set, as systemd sets it for a service whose output goes to
 * the journal) every line the daemon writes starts with the syslog priority journald reads ({@code
 * <3>} error, {@code <4>} warning, {@code <6>} info), so {@code journalctl -p warning} finds
 * warnings and errors; elsewhere lines start with their UTC time instead.
 */
class JournalPriorityTest {
  private static final Map<String, String> UNDER_SYSTEMD = Map.of("JOURNAL_STREAM", "8:123456");

  @TempDir Path dir;

  @Test
  void warningsAndErrorsCarryTheirSyslogPriorityUnderSystemd() throws Exception {
    try (DaemonProcess daemon =
        DaemonProcess.run(withMissingSerialPort(DaemonProcess.config(dir)), UNDER_SYSTEMD)) {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> daemon.log().contains("chekt-bridge ready") || !daemon.process().isAlive());
      assertThat(daemon.terminate(Duration.ofSeconds(30))).as(daemon.log()).isZero();
      assertThat(daemon.log().lines().filter(l -> !l.isBlank()))
          .as("every line has a priority and no timestamp")
          .allMatch(l -> l.matches("<[3467]>[A-Z]+ +\\[.*"))
          .anyMatch(l -> l.startsWith("<6>INFO ") && l.contains("chekt-bridge ready"))
          .anyMatch(l -> l.startsWith("<4>WARN ") && l.contains("Cannot open serial port"));
    }

    Files.delete(dir.resolve("daemon.log"));
    try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        DaemonProcess daemon =
            DaemonProcess.run(
                withMissingSerialPort(DaemonProcess.config(dir).dc09Port(taken.getLocalPort())),
                UNDER_SYSTEMD)) {
      assertThat(daemon.process().waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      assertThat(daemon.log())
          .containsPattern("(?m)^<3>ERROR .*could not start.*" + taken.getLocalPort());
    }

    Files.delete(dir.resolve("daemon.log"));
    try (DaemonProcess daemon =
        DaemonProcess.run(withMissingSerialPort(DaemonProcess.config(dir)))) {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> daemon.log().contains("chekt-bridge ready") || !daemon.process().isAlive());
      daemon.terminate(Duration.ofSeconds(30));
      assertThat(daemon.log())
          .as("outside systemd")
          .containsPattern("(?m)^20\\d\\d-\\d\\d-\\d\\dT[0-9:.]+Z WARN ")
          .doesNotContain("<4>", "<6>");
    }
  }

  /** A serial port that does not exist: the warning every run logs. */
  private BridgeYaml withMissingSerialPort(BridgeYaml config) {
    return config.serial(dir.resolve("ttyUSB9"));
  }
}
