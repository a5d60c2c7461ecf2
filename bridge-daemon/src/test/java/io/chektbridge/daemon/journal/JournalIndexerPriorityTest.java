package io.chektbridge.daemon.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.chektbridge.daemon.ops.Alerts;
import io.chektbridge.daemon.ops.Metrics;
import io.chektbridge.daemon.store.Database;
import io.chektbridge.daemon.threads.ThreadNice;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal's copy into H2 tells its priority how old the messages it copies are: idle while they
 * are fresh, nice 10 while they are over a second old, idle again once it has caught up.
 */
class JournalIndexerPriorityTest {
  @TempDir Path dir;

  @Test
  void theCopyLeavesTheIdlePolicyWhileItCopiesMessagesOverASecondOld() throws Exception {
    assumeTrue(Files.isDirectory(Path.of("/proc/thread-self")), "needs Linux /proc");
    Database db = Database.open(dir);
    try (SegmentEventJournal journal =
        SegmentEventJournal.open(db, new Metrics(), new Alerts(Clock.systemUTC()), 100)) {
      List<Integer> policies = new CopyOnWriteArrayList<>();
      // listeners run on the indexer thread, right after its copy
      journal.onCommit(maxEventId -> policies.add(ThreadNice.policy()));
      // fresh messages are stamped ahead of the clock, so a slow machine cannot make them look old
      assumeTrue(
          copy(journal, Instant.now().plusSeconds(60), policies) == ThreadNice.SCHED_IDLE,
          "the idle policy needs RLIMIT_NICE >= 10 or CAP_SYS_NICE here");
      assertThat(copy(journal, Instant.now().minusSeconds(5), policies))
          .isEqualTo(ThreadNice.SCHED_OTHER);
      assertThat(copy(journal, Instant.now().plusSeconds(60), policies))
          .isEqualTo(ThreadNice.SCHED_IDLE);
    } finally {
      db.close();
    }
  }

  private static int copy(SegmentEventJournal journal, Instant receivedAt, List<Integer> policies)
      throws Exception {
    String key = "1234|" + receivedAt.toEpochMilli();
    InboundMessage m =
        new InboundMessage(
            receivedAt,
            "dc09-tcp",
            "127.0.0.1:5000",
            "1234",
            ("frame " + key).getBytes(StandardCharsets.US_ASCII),
            key,
            null,
            List.of(SegmentEventJournalTest.burglary(7)));
    int before = policies.size();
    journal.append(m).get(10, TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(10)).until(() -> policies.size() > before);
    return policies.get(policies.size() - 1);
  }
}
