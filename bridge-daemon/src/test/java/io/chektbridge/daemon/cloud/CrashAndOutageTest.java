package io.chektbridge.daemon.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chektbridge.daemon.cloud.fake.Fault;
import io.chektbridge.daemon.cloud.fake.FakeChektCloud;
import io.chektbridge.daemon.config.SecretFiles;
import io.chektbridge.daemon.store.Database;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** O7: nothing lost, nothing doubled, order kept, across a cloud outage and a kill -9 mid-drain. */
class CrashAndOutageTest {
  @TempDir
  Path dir;

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

      System.out.printf("outage backlog of 10000 drained in %d ms%n", (System.nanoTime() - started) / 1_000_000);
      assertThat(h.rows.count("delivered")).isEqualTo(10_000);
      assertThat(h.cloud.events()).extracting(e -> e.get("event_id").asText())
          .containsExactlyInAnyOrderElementsOf(eventIds(1, 10_000));
      assertThat(h.cloud.bulkRequests()).isLessThanOrEqualTo(10_000 / 500 + 5);
      assertThat(h.cloud.duplicateEventIds()).isZero();
    }
  }

  @Test
  void killMinus9WhileDrainingInBulkThenRestartEndsWithEveryEventExactlyOnce() throws Exception {
    try (FakeChektCloud cloud = new FakeChektCloud().apiKey(SyncHarness.API_KEY).site(OutboxRows.SITE, "disarmed")
        .bulk(true).latency(Duration.ofMillis(50))) {
      Path data = dir.resolve("data");
      Path key = dir.resolve("api-key");
      SecretFiles.write(key, SyncHarness.API_KEY);
      try (Database db = Database.open(data)) {
        new OutboxRows(db).events(1, 20_000, Instant.now().truncatedTo(ChronoUnit.SECONDS));
      }
      Process first = child(data, cloud, key);
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5)).until(() -> cloud.eventCount() >= 1_000);
      first.destroyForcibly().waitFor();
      int atKill = cloud.eventCount();
      assertThat(atKill).isLessThan(20_000);

      Process second = child(data, cloud, key);
      await().atMost(Duration.ofSeconds(60)).until(() -> cloud.eventCount() == 20_000);
      second.destroy();
      second.waitFor();

      assertThat(cloud.events()).extracting(e -> e.get("event_id").asText())
          .containsExactlyInAnyOrderElementsOf(eventIds(1, 20_000));
      assertThat(cloud.duplicateEventIds()).isZero();
      System.out.printf("kill -9 after %d events stored; %d bulk requests in all for 20000 events%n", atKill,
          cloud.bulkRequests());
      try (Database db = Database.open(data)) {
        // SIGTERM may come between the cloud's answers and their marks: at most the units in flight
        assertThat(new OutboxRows(db).count("delivered")).isGreaterThanOrEqualTo(20_000 - 4 * 500);
      }
    }
  }

  private static Process child(Path data, FakeChektCloud cloud, Path key) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), CloudSyncChild.class.getName(),
        data.toString(), cloud.baseUrl().toString(), key.toString())
        .redirectErrorStream(true)
        .redirectOutput(data.resolveSibling("child-" + System.nanoTime() + ".log").toFile())
        .start();
  }
}
