package io.chektbridge.daemon.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.chektbridge.daemon.config.BridgeConfig.Partition;
import io.chektbridge.daemon.ops.Alerts;
import io.chektbridge.daemon.ops.Metrics;
import io.chektbridge.daemon.store.Database;
import io.chektbridge.daemon.threads.ThreadNice;
import io.chektbridge.daemon.time.HostClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real state thread tells its priority how old the events it applies are: idle while they are
 * fresh, nice 10 while they are over a second old (a starved engine must not keep an alarm from the
 * cloud), idle again once it has caught up.
 */
class StateThreadPriorityTest {
  @TempDir Path dir;

  @Test
  void theStateThreadLeavesTheIdlePolicyWhileItAppliesEventsOverASecondOld() throws Exception {
    assumeTrue(Files.isDirectory(Path.of("/proc/thread-self")), "needs Linux /proc");
    Database db = Database.open(dir);
    SiteStateEngine engine =
        new SiteStateEngine(
            new StateStore(db),
            new SiteStateMachine(
                new SiteLayout(
                    List.of(new Partition(1, "House", Duration.ZERO, Duration.ofSeconds(30))),
                    List.of())),
            MeaningTable.builtIn(),
            "site_abc123",
            HostClock.system(),
            new ExecutorStateThread(),
            new Metrics(),
            new Alerts(Clock.systemUTC()));
    List<Integer> policies = new CopyOnWriteArrayList<>();
    engine.onStateChanged((before, after) -> policies.add(ThreadNice.policy()));
    try {
      engine.start();
      // fresh events are stamped ahead of the clock, so a slow machine cannot make them look old
      assumeTrue(
          apply(engine, db, Instant.now().plusSeconds(60), policies) == ThreadNice.SCHED_IDLE,
          "the idle policy needs RLIMIT_NICE >= 10 or CAP_SYS_NICE here");
      assertThat(apply(engine, db, Instant.now().minusSeconds(5), policies))
          .isEqualTo(ThreadNice.SCHED_OTHER);
      assertThat(apply(engine, db, Instant.now().minusMillis(500), policies))
          .as("not caught up yet")
          .isEqualTo(ThreadNice.SCHED_OTHER);
      assertThat(apply(engine, db, Instant.now().plusSeconds(60), policies))
          .isEqualTo(ThreadNice.SCHED_IDLE);
    } finally {
      engine.close();
      db.close();
    }
  }

  /** Stores one event received at {@code receivedAt}; the policy the engine applied it under. */
  private static int apply(
      SiteStateEngine engine, Database db, Instant receivedAt, List<Integer> policies)
      throws Exception {
    int before = policies.size();
    long id = PanelEventRow.contactId(receivedAt, "E130", 1, 3, null).insertInto(db);
    engine.committed(id);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> engine.snapshot().cursor() == id && policies.size() > before);
    return policies.get(policies.size() - 1);
  }
}
