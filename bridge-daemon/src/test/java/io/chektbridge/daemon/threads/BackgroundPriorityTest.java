package io.chektbridge.daemon.threads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
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
