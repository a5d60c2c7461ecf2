package io.chektbridge.daemon.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * sd_notify against a real unix datagram socket, and a watchdog that stops petting when health
 * fails.
 */
class SystemdWatchdogTest {
  @TempDir Path dir;

  @Test
  void readyStatusAndStoppingReachTheSocket() throws Exception {
    try (NotifySocket systemd = new NotifySocket(dir.resolve("notify"));
        SdNotify notify =
            SdNotify.fromEnvironment(Map.of("NOTIFY_SOCKET", systemd.path().toString()))) {
      assertThat(notify.enabled()).isTrue();
      notify.ready("running");
      notify.stopping();
      await().atMost(Duration.ofSeconds(5)).until(() -> systemd.messages().size() == 2);
      assertThat(systemd.messages())
          .containsExactly("READY=1\nSTATUS=running", "STOPPING=1\nSTATUS=stopping");
    }
  }

  @Test
  void anAtSignNamesAnAbstractSocket() throws Exception {
    String name = "chekt-bridge-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
    try (NotifySocket systemd = new NotifySocket("\0" + name);
        SdNotify notify = SdNotify.fromEnvironment(Map.of("NOTIFY_SOCKET", "@" + name))) {
      notify.watchdog();
      await().atMost(Duration.ofSeconds(5)).until(() -> systemd.count("WATCHDOG=1") == 1);
    }
  }

  @Test
  void withoutNotifySocketNothingIsSentAndNothingFails() {
    try (SdNotify notify = SdNotify.fromEnvironment(Map.of())) {
      assertThat(notify.enabled()).isFalse();
      notify.ready("running");
      notify.watchdog();
    }
  }

  @Test
  void aVanishedSocketIsLoggedNotThrown() throws Exception {
    Path gone = dir.resolve("gone");
    try (SdNotify notify = SdNotify.to(gone.toString())) {
      notify.watchdog();
      assertThat(notify.enabled()).isTrue();
    }
  }

  @Test
  void watchdogPetsOnlyWhileHealthy() throws Exception {
    AtomicReference<List<String>> problems = new AtomicReference<>(List.of());
    try (NotifySocket systemd = new NotifySocket(dir.resolve("notify"));
        SdNotify notify = SdNotify.to(systemd.path().toString());
        SystemdWatchdog watchdog =
            SystemdWatchdog.start(notify, problems::get, Duration.ofMillis(20))) {
      await().atMost(Duration.ofSeconds(5)).until(() -> systemd.count("WATCHDOG=1") >= 3);

      problems.set(List.of("storage does not answer"));
      long checksAtFailure = watchdog.checks();
      // the check in flight when health flipped may still pet once; after that, none
      await().atMost(Duration.ofSeconds(5)).until(() -> watchdog.checks() >= checksAtFailure + 2);
      long petsWhileFailing = systemd.count("WATCHDOG=1");
      await().atMost(Duration.ofSeconds(5)).until(() -> watchdog.checks() >= checksAtFailure + 10);
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> systemd.count("STATUS=unhealthy: storage does not answer") == 1);
      assertThat(systemd.count("WATCHDOG=1")).isEqualTo(petsWhileFailing);

      problems.set(List.of());
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> systemd.count("WATCHDOG=1") > petsWhileFailing);
      assertThat(systemd.count("STATUS=running")).isEqualTo(1);
    }
  }

  @Test
  void aHealthCheckThatThrowsCountsAsUnhealthy() throws Exception {
    try (NotifySocket systemd = new NotifySocket(dir.resolve("notify"));
        SdNotify notify = SdNotify.to(systemd.path().toString());
        SystemdWatchdog watchdog =
            SystemdWatchdog.start(
                notify,
                () -> {
                  throw new IllegalStateException("state thread gone");
                },
                Duration.ofMillis(10))) {
      await().atMost(Duration.ofSeconds(5)).until(() -> watchdog.checks() >= 5);
      assertThat(systemd.count("WATCHDOG=1")).isZero();
      assertThat(systemd.messages()).anyMatch(m -> m.contains("state thread gone"));
    }
  }

  @Test
  void intervalIsHalfOfWatchdogUsecAndOnlyForThisProcess() {
    assertThat(SystemdWatchdog.intervalFrom(Map.of("WATCHDOG_USEC", "30000000"), 42))
        .contains(Duration.ofSeconds(15));
    assertThat(
            SystemdWatchdog.intervalFrom(
                Map.of("WATCHDOG_USEC", "30000000", "WATCHDOG_PID", "42"), 42))
        .contains(Duration.ofSeconds(15));
    assertThat(
            SystemdWatchdog.intervalFrom(
                Map.of("WATCHDOG_USEC", "30000000", "WATCHDOG_PID", "7"), 42))
        .isEmpty();
    assertThat(SystemdWatchdog.intervalFrom(Map.of("WATCHDOG_USEC", "soon"), 42)).isEmpty();
    assertThat(SystemdWatchdog.intervalFrom(Map.of(), 42)).isEmpty();
  }
}
