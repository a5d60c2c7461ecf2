package io.chektbridge.daemon.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chektbridge.daemon.cloud.fake.FakeChektCloud;
import io.chektbridge.daemon.cloud.fake.Fault;
import io.chektbridge.daemon.config.SecretFiles;
import io.chektbridge.daemon.store.Database;
import io.chektbridge.daemon.store.StorageInspection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** O7: nothing lost, nothing doubled, order kept, across a cloud outage and a kill -9 mid-drain. */
class CrashAndOutageTest {
  private static final int TRIALS_DEFAULT = 20;

  /** Rows whose answer may come after a kill or stop: the default 4 requests in flight of 500. */
  private static final int UNMARKED_AT_MOST = 4 * 500;

  @TempDir Path dir;

  private static List<String> eventIds(long from, long to) {
    return LongStream.rangeClosed(from, to).mapToObj(n -> OutboxRows.INSTANCE + "-" + n).toList();
  }

  @Test
  void tenThousandEventsDuringAnOutageAreDeliveredOnceInBulkWhenTheCloudIsBack() throws Exception {
    try (SyncHarness h = new SyncHarness(dir)) {
      h.cloud.bulk(true);
      h.cloud.fault(Fault.drop("/", Integer.MAX_VALUE));
      h.start();
      Instant t = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      for (int batch = 0; batch < 10; batch++) {
        h.rows.events(1 + batch * 1000L, 1000, t);
        h.sync.wake();
      }
      await().until(() -> h.cloud.requests().size() >= 5);
      assertThat(h.rows.count("pending")).isEqualTo(10_000);
      h.cloud.clearFaults();
      long started = System.nanoTime();
      await().atMost(Duration.ofSeconds(120)).until(() -> h.rows.count("pending") == 0);

      System.out.printf(
          "outage backlog of 10000 drained in %d ms%n", (System.nanoTime() - started) / 1_000_000);
      assertThat(h.rows.count("delivered")).isEqualTo(10_000);
      assertThat(h.cloud.events())
          .extracting(e -> e.get("event_id").asText())
          .containsExactlyInAnyOrderElementsOf(eventIds(1, 10_000));
      assertThat(h.cloud.bulkRequests()).isLessThanOrEqualTo(10_000 / 500 + 5);
      assertThat(h.cloud.duplicateEventIds()).isZero();
    }
  }

  /**
   * Kill -9 while draining in bulk, {@value #TRIALS_DEFAULT} times over one backlog ({@code
   * -Dchekt.trials=N}): each trial starts cloud sync in a child JVM and kills it once the cloud has
   * taken a random 100-600 more events, which is just after an answer and before or while its marks
   * are written; a last child drains the rest.
   */
  @Test
  void killMinus9WhileDrainingInBulkThenRestartEndsWithEveryEventExactlyOnce() throws Exception {
    int trials = Integer.getInteger("chekt.trials", TRIALS_DEFAULT);
    int total = 20_000;
    long seed = Long.getLong("chekt.seed", System.nanoTime());
    Random random = new Random(seed);
    try (FakeChektCloud cloud =
        new FakeChektCloud()
            .apiKey(SyncHarness.API_KEY)
            .site(OutboxRows.SITE, "disarmed")
            .bulk(true)
            .latency(Duration.ofMillis(50))) {
      Path data = dir.resolve("data");
      Path key = dir.resolve("api-key");
      SecretFiles.write(key, SyncHarness.API_KEY);
      try (Database db = Database.open(data)) {
        new OutboxRows(db).events(1, total, Instant.now().truncatedTo(ChronoUnit.SECONDS));
      }
      List<Integer> killedAt = new ArrayList<>();
      for (int trial = 0; trial < trials && cloud.eventCount() < total - 1_000; trial++) {
        int until = cloud.eventCount() + 100 + random.nextInt(500);
        Process child = child(data, cloud, key, data.resolveSibling("child-" + trial + ".log"));
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(2))
            .until(() -> cloud.eventCount() >= until);
        child.destroyForcibly().waitFor();
        killedAt.add(cloud.eventCount());
        // looked at in a copy, so that the next child opens the file as the kill left it
        Path look = dir.resolve("after-kill-" + trial);
        Files.createDirectories(look);
        Files.copy(Database.dataFile(data), Database.dataFile(look));
        // every row of every table reads: the daemon's full check would refuse the next start
        // otherwise, and a kill alone must never make it do so
        StorageInspection.Report whole = StorageInspection.inspect(look);
        assertThat(whole.verdict())
            .as("after kill %d (seed %d): %s", trial + 1, seed, whole.summary())
            .isEqualTo(StorageInspection.Verdict.OK);
        try (Database db = Database.open(look)) {
          // a mark that was committed survives the kill; only the units in flight lack theirs
          assertThat(new OutboxRows(db).count("delivered"))
              .as("rows marked delivered after kill %d (seed %d)", trial + 1, seed)
              .isGreaterThanOrEqualTo(cloud.eventCount() - UNMARKED_AT_MOST);
        }
      }
      assertThat(killedAt)
          .as("kills while events were still pending (seed %d)", seed)
          .hasSize(trials);

      Path lastLog = dir.resolve("last-child.log");
      Process last = child(data, cloud, key, lastLog);
      await().atMost(Duration.ofSeconds(120)).until(() -> cloud.eventCount() == total);
      last.destroy();
      last.waitFor();
      assertThat(Files.readAllLines(lastLog)).contains(CloudSyncChild.STOPPED);

      assertThat(cloud.events())
          .extracting(e -> e.get("event_id").asText())
          .containsExactlyInAnyOrderElementsOf(eventIds(1, total));
      assertThat(cloud.duplicateEventIds()).isZero();
      System.out.printf(
          "kill -9 trials (seed %d): %d kills at %s events stored; %d bulk requests in all for %d "
              + "events, every one stored once; %d items sent again and replayed by the cloud%n",
          seed, trials, killedAt, cloud.bulkRequests(), total, cloud.replays());
      try (Database db = Database.open(data)) {
        // the orderly stop leaves unmarked only the units whose requests it cancelled
        long delivered = new OutboxRows(db).count("delivered");
        System.out.printf(
            "after the orderly stop: %d of %d rows marked delivered%n", delivered, total);
        assertThat(delivered).isGreaterThanOrEqualTo(total - UNMARKED_AT_MOST);
      }
    }
  }

  private static Process child(Path data, FakeChektCloud cloud, Path key, Path log)
      throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(
            java,
            "-cp",
            System.getProperty("java.class.path"),
            CloudSyncChild.class.getName(),
            data.toString(),
            cloud.baseUrl().toString(),
            key.toString())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }
}
