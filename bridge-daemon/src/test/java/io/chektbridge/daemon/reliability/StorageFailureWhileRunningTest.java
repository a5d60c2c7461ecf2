package io.chektbridge.daemon.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chektbridge.daemon.Daemon;
import io.chektbridge.daemon.config.BridgeConfig;
import io.chektbridge.daemon.ops.AlertKind;
import io.chektbridge.daemon.ops.Alerts;
import io.chektbridge.daemon.ops.Metrics;
import io.chektbridge.daemon.store.DamagedFiles;
import io.chektbridge.daemon.store.StorageWatch;
import io.chektbridge.daemon.testing.BridgeYaml;
import io.chektbridge.daemon.testing.DaemonProcess;
import io.chektbridge.daemon.testing.PanelSocket;
import io.chektbridge.daemon.time.HostClock;
import io.chektbridge.sia.Dc09Answer;
import io.chektbridge.sia.Dc09Encoder;
import io.chektbridge.sia.Dc09Token;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database file goes bad under a running bridge (a failing SD card): the periodic check raises
 * STORAGE_FAILED, /readyz fails (so the systemd watchdog's pings stop), the failure is counted in
 * /metrics, and panel frames are still acknowledged from the journal.
 */
class StorageFailureWhileRunningTest {
  @TempDir Path dir;

  @Test
  void damageUnderARunningBridgeIsLoudAndFramesAreStillAcknowledged() throws Exception {
    BridgeConfig config = BridgeYaml.in(dir).acceptUnknownAccounts().parse();
    try (Daemon daemon = new Daemon(config, HostClock.system())) {
      daemon.start();
      int status = daemon.statusServer().boundAddress().getPort();
      int dc09 = daemon.dc09Receiver().port();
      try (Socket panel = new Socket("127.0.0.1", dc09)) {
        for (int i = 1; i <= 300; i++) {
          assertThat(send(panel, i)).isEqualTo(Dc09Token.ACK);
        }
        assertThat(daemon.journal().awaitAllInDatabase(Duration.ofSeconds(30))).isTrue();
        assertThat(DaemonProcess.get(status, "/readyz").statusCode()).isEqualTo(200);

        DamagedFiles.chunkBodiesExceptNewest(daemon.database().dataFile(), 2);
        DamagedFiles.forgetCachedPages(daemon.database());

        await()
            .atMost(Duration.ofSeconds(40))
            .until(() -> daemon.alerts().isActive(AlertKind.STORAGE_FAILED));
        // the state engine raises the same alert when its own reads fail; the watch's check says
        // what to do
        List<String> problems =
            new StorageWatch(
                    daemon.database(),
                    new Alerts(Clock.systemUTC()),
                    new Metrics(),
                    Clock.systemUTC())
                .checkNow();
        assertThat(problems)
            .isNotEmpty()
            .allMatch(p -> p.startsWith("table ") && p.contains(" cannot be read: "));
        String detail =
            daemon.alerts().active().stream()
                .filter(a -> a.kind() == AlertKind.STORAGE_FAILED)
                .findFirst()
                .orElseThrow()
                .detail();
        var ready = DaemonProcess.get(status, "/readyz");
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.body()).contains("storage");
        assertThat(daemon.healthProblems())
            .as("what the systemd watchdog checks before each ping")
            .isNotEmpty();
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    DaemonProcess.get(status, "/metrics")
                        .body()
                        .matches("(?s).*chekt_bridge_storage_check_failures_total [1-9].*"));
        assertThat(send(panel, 301)).as("acknowledged from the journal").isEqualTo(Dc09Token.ACK);
        System.out.println("StorageFailureWhileRunningTest: STORAGE_FAILED " + detail);
      }
    }
  }

  private static Dc09Token send(Socket s, int sequence) throws Exception {
    OutputStream out = s.getOutputStream();
    InputStream in = new BufferedInputStream(s.getInputStream());
    out.write(
        Dc09Encoder.encode(
            Dc09Token.SIA_DCS,
            String.format("%04d", sequence),
            null,
            "0",
            "7000",
            "#7000|Nri1/BA" + sequence,
            List.of(),
            Instant.now(),
            null));
    out.flush();
    Dc09Answer a = PanelSocket.answer(PanelSocket.readFrame(in));
    return a.token();
  }
}
