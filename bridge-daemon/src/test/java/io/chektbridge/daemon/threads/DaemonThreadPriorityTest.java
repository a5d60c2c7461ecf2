package io.chektbridge.daemon.threads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.chektbridge.daemon.cloud.fake.FakeChektCloud;
import io.chektbridge.daemon.config.SecretFiles;
import io.chektbridge.daemon.testing.BridgeYaml;
import io.chektbridge.daemon.testing.DaemonProcess;
import io.chektbridge.daemon.testing.LockStepPanel;
import io.chektbridge.sia.Dc09Token;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real daemon in a child JVM, with cloud sync on and events delivered: the journal's copy and
 * the state engine run at the lower priority, and no other thread does (a thread started by one of
 * them would inherit it, and a cloud or receiver thread at that priority would wait behind a
 * burst).
 */
class DaemonThreadPriorityTest {
  private static final String SITE = "site_nice";
  private static final String API_KEY = "chekt_test_" + "0123456789abcdef".repeat(2);
  private static final int EVENTS = 40;

  @TempDir Path dir;

  @Test
  void onlyTheJournalCopyAndTheStateEngineRunBelowTheReceiver() throws Exception {
    assumeTrue(Files.isDirectory(Path.of("/proc/thread-self")), "needs Linux /proc");
    int base = ThreadNice.current();
    try (FakeChektCloud cloud = new FakeChektCloud().apiKey(API_KEY).site(SITE, "disarmed")) {
      Path key = dir.resolve("api-key");
      SecretFiles.write(key, API_KEY);
      BridgeYaml config =
          DaemonProcess.config(dir).acceptUnknownAccounts().cloud(SITE, cloud.baseUrl(), key);
      try (DaemonProcess daemon = DaemonProcess.run(config)) {
        daemon.awaitReady();
        try (LockStepPanel panel = new LockStepPanel(config.dc09Port(), Duration.ofSeconds(10))) {
          for (int zone = 1; zone <= EVENTS; zone++) {
            assertThat(panel.exchange("7000", zone, "Nri1/BA" + zone).token())
                .isEqualTo(Dc09Token.ACK);
          }
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> cloud.eventCount() >= EVENTS);

        Map<String, Integer> niceByThread = threads(daemon.process().pid());
        int lowered = Math.min(19, base + BackgroundPriority.STEPS);
        assertThat(niceByThread)
            .as(daemon.log())
            .containsEntry("journal-indexer", lowered)
            .containsEntry("site-state", lowered)
            .containsKeys("cloud-sync", "outbox-monitor");
        assertThat(niceByThread)
            .allSatisfy(
                (name, nice) -> {
                  if (!name.equals("journal-indexer") && !name.equals("site-state")) {
                    assertThat(nice).as(name).isEqualTo(base);
                  }
                });
      }
    }
  }

  /** Each thread's name (with a number for a repeated name) and its nice value. */
  private static Map<String, Integer> threads(long pid) throws Exception {
    Map<String, Integer> out = new TreeMap<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path task : tasks.toList()) {
        String name = ThreadNice.name(task);
        String unique = name;
        for (int n = 2; out.containsKey(unique); n++) {
          unique = name + " #" + n;
        }
        out.put(unique, ThreadNice.of(task));
      }
    }
    return out;
  }
}
