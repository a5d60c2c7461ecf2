package io.chektbridge.daemon.threads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BackgroundPriorityTest {
  @BeforeEach
  void linux() {
    assumeTrue(Files.isDirectory(Path.of("/proc/thread-self")), "needs Linux /proc");
  }

  @Test
  void aBackgroundThreadRunsTenNiceStepsBelowTheThreadThatStartedItAndNoOtherThreadMoves()
      throws Exception {
    int mine = ThreadNice.current();
    CompletableFuture<Integer> seen = new CompletableFuture<>();
    Thread t = DaemonThreads.background(() -> seen.complete(ThreadNice.current()), "bg-test");
    t.start();
    assertThat(seen.get(10, TimeUnit.SECONDS)).isEqualTo(Math.min(19, mine + 10));
    t.join();
    assertThat(ThreadNice.current()).isEqualTo(mine);

    CompletableFuture<Integer> plain = new CompletableFuture<>();
    DaemonThreads.named(() -> plain.complete(ThreadNice.current()), "plain-test").start();
    assertThat(plain.get(10, TimeUnit.SECONDS)).isEqualTo(mine);
  }

  @Test
  void aBackgroundThreadWaitsAtTheIdlePolicyWhileItsWorkIsFreshAndAtNiceTenOnceItFallsBehind()
      throws Exception {
    int lowered = Math.min(19, ThreadNice.current() + BackgroundPriority.STEPS);
    assumeTrue(
        BackgroundPriority.mayLeaveIdle(lowered),
        "needs RLIMIT_NICE of at least " + (20 - lowered) + " or CAP_SYS_NICE");
    CompletableFuture<List<Integer>> seen = new CompletableFuture<>();
    Thread t =
        DaemonThreads.background(
            () -> {
              List<Integer> policies = new ArrayList<>();
              policies.add(ThreadNice.policy());
              for (Duration age : AGES) {
                BackgroundPriority.workAge(age);
                policies.add(ThreadNice.policy());
                policies.add(ThreadNice.current());
              }
              seen.complete(policies);
            },
            "bg-idle-test");
    t.start();
    int idle = BackgroundPriority.SCHED_IDLE;
    int other = BackgroundPriority.SCHED_OTHER;
    assertThat(seen.get(10, TimeUnit.SECONDS))
        .containsExactly(
            idle, // at start
            idle, lowered, // 500 ms: not behind yet
            other, lowered, // 1 s: behind
            other, lowered, // 500 ms: not caught up yet
            idle, lowered, // 99 ms: caught up
            other, lowered); // 3 s: behind again
  }

  private static final List<Duration> AGES =
      List.of(
          Duration.ofMillis(500),
          BackgroundPriority.BEHIND,
          Duration.ofMillis(500),
          BackgroundPriority.CAUGHT_UP.minusMillis(1),
          Duration.ofSeconds(3));

  @Test
  void aThreadThatWasNotLoweredIgnoresTheAgeOfItsWork() throws Exception {
    int mine = ThreadNice.current();
    CompletableFuture<List<Integer>> seen = new CompletableFuture<>();
    DaemonThreads.named(
            () -> {
              BackgroundPriority.workAge(Duration.ofMinutes(1));
              seen.complete(List.of(ThreadNice.policy(), ThreadNice.current()));
            },
            "plain-age-test")
        .start();
    assertThat(seen.get(10, TimeUnit.SECONDS))
        .containsExactly(BackgroundPriority.SCHED_OTHER, mine);
  }

  @Test
  void theIdlePolicyIsTakenOnlyWhereTheThreadMayComeBackFromIt() {
    long none = 0;
    long sysNice = 1L << 23;
    long infinity = -1;
    assertThat(BackgroundPriority.mayLeaveIdle(10, 0, none)).isFalse();
    assertThat(BackgroundPriority.mayLeaveIdle(10, 9, none)).isFalse();
    assertThat(BackgroundPriority.mayLeaveIdle(10, 10, none)).isTrue();
    assertThat(BackgroundPriority.mayLeaveIdle(19, 1, none)).isTrue();
    assertThat(BackgroundPriority.mayLeaveIdle(0, 10, none)).isFalse();
    assertThat(BackgroundPriority.mayLeaveIdle(10, 0, sysNice)).isTrue();
    assertThat(BackgroundPriority.mayLeaveIdle(10, 0, sysNice - 1)).isFalse();
    assertThat(BackgroundPriority.mayLeaveIdle(10, infinity, none)).isTrue();
  }

  @Test
  void aBackgroundTimerRunsEveryTaskAtTheLowerPriority() throws Exception {
    int mine = ThreadNice.current();
    ScheduledExecutorService timer = DaemonThreads.scheduledBackground("bg-timer-test");
    try {
      assertThat(timer.submit(ThreadNice::current).get(10, TimeUnit.SECONDS))
          .isEqualTo(Math.min(19, mine + 10));
      assertThat(
              timer
                  .schedule(ThreadNice::current, 1, TimeUnit.MILLISECONDS)
                  .get(10, TimeUnit.SECONDS))
          .isEqualTo(Math.min(19, mine + 10));
    } finally {
      timer.shutdownNow();
    }
  }
}
