package io.chektbridge.daemon.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chektbridge.daemon.cloud.fake.FakeChektCloud;
import io.chektbridge.daemon.config.SecretFiles;
import io.chektbridge.daemon.testing.BridgeYaml;
import io.chektbridge.daemon.testing.CloudAlarms;
import io.chektbridge.daemon.testing.DaemonProcess;
import io.chektbridge.daemon.testing.LockStepPanel;
import io.chektbridge.sia.Dc09Token;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Start, panel traffic, SIGTERM, again and again on the same data, as a box whose service is
 * restarted for years: every stop exits 0, H2's trace file records no exception (a monitor
 * interrupted inside H2's file I/O left a ClosedChannelException there at every stop) and stays
 * small, and every acknowledged alarm reaches the cloud exactly once. {@code -Dchekt.cycles=100}
 * for the long run.
 */
class StartStopCyclesTest {
  private static final int CYCLES = Integer.getInteger("chekt.cycles", 8);
  private static final int FRAMES_PER_CYCLE = 20;
  private static final String SITE = "site_cycles";
  private static final String API_KEY = "chekt_test_0123456789abcdef0123456789abcdef";
  private static final long TRACE_BOUND = 2L * 1024 * 1024;

  @TempDir Path dir;

  @Test
  void manyCleanStopsLeaveNoTraceExceptionAndLoseNothing() throws Exception {
    try (FakeChektCloud cloud =
        new FakeChektCloud().apiKey(API_KEY).site(SITE, "disarmed").rateLimit(100_000)) {
      Path key = dir.resolve("api-key");
      SecretFiles.write(key, API_KEY);
      BridgeYaml config =
          DaemonProcess.config(dir).cloud(SITE, cloud.baseUrl(), key).acceptUnknownAccounts();
      int dc09 = config.dc09Port();
      Path data = dir.resolve("data");
      Set<Integer> acked = new HashSet<>();
      for (int cycle = 1; cycle <= CYCLES; cycle++) {
        try (DaemonProcess daemon = DaemonProcess.run(config)) {
          daemon.awaitReady();
          acked.addAll(panel(dc09, cycle));
          assertThat(daemon.terminate(Duration.ofSeconds(30)))
              .as("cycle %d exit status\n%s", cycle, daemon.log())
              .isZero();
        }
      }
      try (DaemonProcess daemon = DaemonProcess.run(config)) {
        daemon.awaitReady();
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> CloudAlarms.byZone(cloud).keySet().containsAll(acked));
        assertThat(daemon.terminate(Duration.ofSeconds(30))).isZero();
        assertThat(daemon.log())
            .doesNotContain("ClosedChannelException", "ClosedByInterruptException");
      }
      Map<Integer, Integer> atCloud = CloudAlarms.byZone(cloud);
      Path trace = data.resolve("chekt-bridge.trace.db");
      String traceText = Files.exists(trace) ? Files.readString(trace) : "";
      System.out.printf(
          "StartStopCyclesTest: %d start/stop cycles, %d alarms ACKed, %d at the cloud, %d more than "
              + "once; trace file %d bytes%n",
          CYCLES,
          acked.size(),
          atCloud.size(),
          atCloud.values().stream().filter(n -> n > 1).count(),
          traceText.length());
      assertThat(acked).hasSize(CYCLES * FRAMES_PER_CYCLE);
      assertThat(atCloud.keySet()).containsAll(acked);
      assertThat(atCloud.values()).allMatch(n -> n == 1);
      assertThat(traceText).as("H2's trace file").doesNotContain("Exception");
      assertThat((long) traceText.length()).isLessThan(TRACE_BOUND);
    }
  }

  /** One lock-step panel: alarms on zones cycle*100+1 .. +20; returns the zones ACKed. */
  private static Set<Integer> panel(int port, int cycle) throws Exception {
    Set<Integer> acked = new HashSet<>();
    try (LockStepPanel panel = new LockStepPanel(port, Duration.ofSeconds(10))) {
      for (int i = 1; i <= FRAMES_PER_CYCLE; i++) {
        int zone = cycle * 100 + i;
        if (panel.exchange("7000", zone, "Nri1/BA" + zone).token() == Dc09Token.ACK) {
          acked.add(zone);
        }
      }
    }
    return acked;
  }
}
