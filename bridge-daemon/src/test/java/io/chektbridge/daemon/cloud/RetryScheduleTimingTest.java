package io.chektbridge.daemon.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chektbridge.daemon.cloud.fake.Fault;
import io.chektbridge.daemon.cloud.fake.RecordedRequest;
import io.chektbridge.daemon.time.HostClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * §11 item 8 measured for real: the production sleeper, five 503s, and the gaps between attempts as
 * the fake cloud received them must be 1, 2, 4, 8 and 16 s. Takes ~31 s of wall time, once.
 */
class RetryScheduleTimingTest {
  @TempDir Path dir;

  @Test
  void theBackoffScheduleSeenAtTheServerIs1_2_4_8_16Seconds() throws Exception {
    try (SyncHarness h = new SyncHarness(dir)) {
      h.cloud.fault(Fault.status("/ext/v1/events", 503, 5));
      long id = h.rows.events(1, 1, Instant.now().truncatedTo(ChronoUnit.SECONDS)).get(0);
      h.start(null, HostClock.system());
      await().atMost(Duration.ofSeconds(45)).until(() -> "delivered".equals(h.rows.status(id)));

      List<RecordedRequest> sent = h.cloud.requests("/ext/v1/events");
      assertThat(sent).hasSize(6);
      long[] expectedMs = {1_000, 2_000, 4_000, 8_000, 16_000};
      for (int i = 0; i < 5; i++) {
        long gapMs = (sent.get(i + 1).receivedNanos() - sent.get(i).receivedNanos()) / 1_000_000;
        assertThat(gapMs)
            .as("gap before retry %d", i + 1)
            .isBetween(expectedMs[i], expectedMs[i] + 250);
      }
    }
  }
}
