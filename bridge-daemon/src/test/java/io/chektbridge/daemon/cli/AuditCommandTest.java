package io.chektbridge.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chektbridge.daemon.Daemon;
import io.chektbridge.daemon.status.AuditRoute;
import io.chektbridge.daemon.testing.BridgeYaml;
import io.chektbridge.daemon.testing.DaemonProcess;
import io.chektbridge.daemon.testing.PanelSocket;
import io.chektbridge.daemon.time.HostClock;
import io.chektbridge.sia.Dc09Token;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code audit} shows the newest lines and says how many older ones it left out; /audit counts them
 * too.
 */
class AuditCommandTest {
  @TempDir Path dir;

  @Test
  void showsTheNewestLinesAndSaysHowManyWereLeftOut() throws Exception {
    var config = BridgeYaml.in(dir).account("1234").partition(1, "House", "0s", null).parse();
    try (Daemon daemon = new Daemon(config, HostClock.system())) {
      daemon.start();
      int dc09 = daemon.dc09Receiver().port();
      int sequence = 0;
      for (String cid : new String[] {"3401 01 003", "1401 01 003", "3401 01 004", "1401 01 004"}) {
        assertThat(PanelSocket.sendContactId(dc09, "1234", ++sequence, cid).token())
            .isEqualTo(Dc09Token.ACK);
      }
      int status = daemon.statusServer().boundAddress().getPort();
      String url = "http://127.0.0.1:" + status + "/";
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> CliRun.of("audit", "--url", url).out().lines().count() == 4);

      CliRun newest = CliRun.of("audit", "--url", url, "--limit", "2");
      assertThat(newest.exit()).as(newest.err()).isZero();
      assertThat(newest.out().lines().toList())
          .hasSize(2)
          .satisfiesExactly(
              l -> assertThat(l).contains("disarmed → armed_away", "user 4"),
              l -> assertThat(l).contains("armed_away → disarmed", "user 4"));
      assertThat(newest.err()).contains("Showing the newest 2 of 4 lines; 2 older lines not shown");

      CliRun all = CliRun.of("audit", "--url", url);
      assertThat(all.out().lines()).hasSize(4);
      assertThat(all.err()).as("nothing left out, nothing said").isEmpty();

      assertThat(
              DaemonProcess.get(status, "/audit?limit=1")
                  .headers()
                  .firstValue(AuditRoute.TOTAL_HEADER))
          .hasValue("4");
      CliRun none = CliRun.of("audit", "--url", url, "--since", "2099-01-01T00:00:00Z");
      assertThat(none.exit()).isZero();
      assertThat(none.err()).contains("No audit lines since 2099-01-01T00:00:00Z");
      CliRun bad = CliRun.of("audit", "--url", url, "--limit", "0");
      assertThat(bad.exit()).isEqualTo(Main.USAGE);
      assertThat(bad.err()).contains("--limit must be from 1 to 10000, not 0");
    }
  }
}
