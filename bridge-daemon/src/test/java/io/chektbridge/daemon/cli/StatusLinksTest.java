package io.chektbridge.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chektbridge.daemon.Daemon;
import io.chektbridge.daemon.config.BridgeConfig;
import io.chektbridge.daemon.ops.AlertKind;
import io.chektbridge.daemon.testing.BridgeYaml;
import io.chektbridge.daemon.testing.DaemonProcess;
import io.chektbridge.daemon.time.HostClock;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code status} lists every configured link with its state; a port that cannot open is an alert at
 * once.
 */
class StatusLinksTest {
  @TempDir Path dir;

  @Test
  void aMissingSerialPortAndAnUnreachableDeviceServerShowWithTheirStateAndRaiseAnAlert()
      throws Exception {
    Path missing = dir.resolve("ttyUSB9");
    int closedPort = DaemonProcess.freePort();
    BridgeConfig config =
        BridgeYaml.in(dir).serial(missing).tcpClientLink("nport-1", closedPort).parse();

    try (Daemon daemon = new Daemon(config, HostClock.system())) {
      daemon.start();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  daemon.alerts().active().stream()
                      .anyMatch(
                          a ->
                              a.kind() == AlertKind.PANEL_LINK_DOWN
                                  && a.detail().contains("nport-1")
                                  && a.detail().contains("serial port")));
      String url = "http://127.0.0.1:" + daemon.statusServer().boundAddress().getPort() + "/";

      CliRun r = CliRun.of("status", "--url", url);

      assertThat(r.exit()).as(r.err()).isZero();
      assertThat(r.out())
          .containsPattern(
              "SERIAL PORTS\\n.*\\n +" + missing + " +contactid +cannot open .*no such device")
          .containsPattern(
              "TCP LINKS\\n.*\\n +nport-1 +tcp-client +127.0.0.1:"
                  + closedPort
                  + " +cannot connect .*Connection refused")
          .containsPattern("PANEL_LINK_DOWN .*serial port " + missing + ": no such device")
          .containsPattern(
              "PANEL_LINK_DOWN .*tcp link nport-1 \\(127.0.0.1:"
                  + closedPort
                  + "\\): cannot connect")
          .doesNotContain("(null)");
    }
  }
}
