package io.chektbridge.daemon.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * ON-DEMAND BENCHMARK (the performance targets in README: drain 100,000 buffered events: ≥ 5,000 events/s in bulk at a 50 ms round trip, ≥ 20,000/s on loopback,
 * none lost or doubled). Run with:
 * {@code mvn -pl bridge-daemon test -Dtest=DrainBenchmarkTest -Dchekt.bench=true [-Dchekt.bench.rttMs=50]
 * [-Dchekt.bench.single=true] [-Dchekt.bench.events=N]}. It prints the rate.
 */
@EnabledIfSystemProperty(named = "chekt.bench", matches = "true")
class DrainBenchmarkTest {
  @TempDir
  Path dir;

  @Test
  void drain100kBufferedEvents() throws Exception {
    int n = Integer.getInteger("chekt.bench.events", 100_000);
    try (SyncHarness h = new SyncHarness(dir)) {
      h.cloud.rateLimit(1_000_000).bulk(!Boolean.getBoolean("chekt.bench.single"))
          .latency(Duration.ofMillis(Long.getLong("chekt.bench.rttMs", 0)));
      Instant t = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      for (int i = 0; i < n; i += 10_000) {
        h.rows.events(1 + i, Math.min(10_000, n - i), t);
      }
      long started = System.nanoTime();
      h.start();
      await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(100)).until(() -> h.rows.count("pending") == 0);
      double seconds = (System.nanoTime() - started) / 1e9;
      System.out.printf("BENCH drain: %d events in %.2f s = %.0f events/s (%s, %d ms round trip, %d bulk requests)%n",
          n, seconds, n / seconds, h.cloud.bulkRequests() > 0 ? "bulk" : "single events", Long.getLong("chekt.bench.rttMs", 0),
          h.cloud.bulkRequests());
      assertThat(h.cloud.events()).extracting(e -> e.get("event_id").asText()).containsExactlyInAnyOrderElementsOf(
          LongStream.rangeClosed(1, n).mapToObj(k -> OutboxRows.INSTANCE + "-" + k).toList());
      assertThat(h.cloud.duplicateEventIds()).isZero();
    }
  }
}
