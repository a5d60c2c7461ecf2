package io.chektbridge.daemon.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chektbridge.daemon.cloud.fake.FakeChektCloud;
import io.chektbridge.daemon.config.SecretFiles;
import io.chektbridge.daemon.testing.BridgeYaml;
import io.chektbridge.daemon.testing.CloudAlarms;
import io.chektbridge.daemon.testing.DaemonProcess;
import io.chektbridge.daemon.testing.LockStepPanel;
import io.chektbridge.sia.Dc09Answer;
import io.chektbridge.sia.Dc09Token;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole promise, end to end: panels send alarms to a real daemon process, it is SIGKILLed at a
 * random moment, restarted on the same data, and the fake CHeKT cloud must end with every
 * acknowledged alarm exactly once. Prints the closing table (trials, sent, ACKed, delivered, lost,
 * duplicated). Trials: {@code -Dchekt.trials=N} (default 3).
 */
class CrashToCloudTest {
  private static final int TRIALS = Integer.getInteger("chekt.trials", 3);
  private static final String SITE = "site_crash";
  private static final String API_KEY = "chekt_test_0123456789abcdef0123456789abcdef";
  private static final int CONNECTIONS = 3;

  @TempDir Path dir;

  @Test
  void everyAcknowledgedAlarmReachesTheCloudExactlyOnceAcrossSigkill() throws Exception {
    Random random = new Random(Long.getLong("chekt.seed", 7L));
    long sent = 0;
    long acked = 0;
    long delivered = 0;
    long lost = 0;
    long duplicated = 0;
    for (int trial = 0; trial < TRIALS; trial++) {
      try (FakeChektCloud cloud =
          new FakeChektCloud().apiKey(API_KEY).site(SITE, "disarmed").rateLimit(100_000)) {
        Path work = dir.resolve("trial-" + trial);
        Files.createDirectories(work);
        Path key = work.resolve("api-key");
        SecretFiles.write(key, API_KEY);
        BridgeYaml config =
            DaemonProcess.config(work).cloud(SITE, cloud.baseUrl(), key).acceptUnknownAccounts();
        int dc09 = config.dc09Port();
        int status = config.statusPort();
        Set<Integer> ackedZones = ConcurrentHashMap.newKeySet();
        AtomicLong sentHere = new AtomicLong();
        try (DaemonProcess first = DaemonProcess.run(config)) {
          first.awaitReady();
          List<Thread> panels = new ArrayList<>();
          for (int c = 0; c < CONNECTIONS; c++) {
            int base = 1000 * (c + 1);
            Thread t = new Thread(() -> panel(dc09, base, ackedZones, sentHere));
            t.start();
            panels.add(t);
          }
          Thread.sleep(500 + random.nextInt(1500));
          first.kill();
          for (Thread t : panels) {
            t.join(10_000);
          }
        }
        try (DaemonProcess second = DaemonProcess.run(config)) {
          second.awaitReady();
          try {
            await()
                .atMost(Duration.ofSeconds(90))
                .until(() -> CloudAlarms.byZone(cloud).keySet().containsAll(ackedZones));
          } catch (org.awaitility.core.ConditionTimeoutException e) {
            Set<Integer> missing = new java.util.TreeSet<>(ackedZones);
            missing.removeAll(CloudAlarms.byZone(cloud).keySet());
            throw new AssertionError(
                "trial "
                    + trial
                    + ": ACKed alarms not at the cloud after 90 s: "
                    + missing
                    + "\n/status: "
                    + DaemonProcess.get(status, "/status").body()
                    + "\ndaemon log:\n"
                    + second.log(),
                e);
          }
          second.terminate(Duration.ofSeconds(10));
        }
        Map<Integer, Integer> atCloud = CloudAlarms.byZone(cloud);
        sent += sentHere.get();
        acked += ackedZones.size();
        delivered += atCloud.size();
        lost += ackedZones.stream().filter(z -> !atCloud.containsKey(z)).count();
        duplicated +=
            atCloud.values().stream().filter(n -> n > 1).count() + cloud.duplicateEventIds();
      }
    }
    System.out.printf(
        "%nCrashToCloudTest closing table%n| trials | sent | ACKed | delivered | lost | duplicated |%n"
            + "|---|---|---|---|---|---|%n| %d | %d | %d | %d | %d | %d |%n",
        TRIALS, sent, acked, delivered, lost, duplicated);
    assertThat(acked).isGreaterThan(0);
    assertThat(lost).isZero();
    assertThat(duplicated).isZero();
  }

  /** One panel: burglary alarms on zones base+1, base+2, ... lock-step, noting each ACKed zone. */
  private static void panel(int port, int base, Set<Integer> acked, AtomicLong sent) {
    try (LockStepPanel panel = new LockStepPanel(port, Duration.ofSeconds(5))) {
      for (int i = 1; i < 1000; i++) {
        int zone = base + i;
        panel.send("7000", i, "Nri1/BA" + zone);
        sent.incrementAndGet();
        Dc09Answer a = panel.answer();
        if (a == null) {
          return;
        }
        if (a.token() == Dc09Token.ACK) {
          acked.add(zone);
        }
      }
    } catch (Exception e) {
      // killed: this panel's connection ends here
    }
  }
}
