package io.chektbridge.daemon.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chektbridge.daemon.cloud.fake.RecordedRequest;
import io.chektbridge.daemon.ops.AlertKind;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The CHeKT API contract §11 items 41 and 42: bulk events, and what happens now not waiting behind
 * a backlog.
 */
@ExtendWith(SyncHarnessExtension.class)
class DeliveryUnderBacklogTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BULK = "/ext/v1/events/bulk";

  SyncHarness h;

  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.SECONDS);
  }

  private long trouble(long n, Instant t) throws Exception {
    return h.rows.event(n, "trouble", t);
  }

  /**
   * Single events (the fallback, 3 lanes for troubles at 50 ms) keep the backlog in place for half
   * a minute, so the alarm's place in it is not a race with a fast drain; bulk only makes the drain
   * shorter.
   */
  @Test
  void anAlarmAndAnArmingChangeReachTheCloudWithinFiveSecondsBehind2000TroublesAt50MsRoundTrip()
      throws Exception {
    h.cloud.latency(Duration.ofMillis(50));
    Instant t = now();
    for (long n = 1; n <= 2_000; n++) {
      trouble(n, t);
    }
    h.start();
    await().until(() -> h.cloud.eventCount() > 0);
    Instant frame = now();
    long alarm = h.rows.event(9001, "alarm", frame);
    long arming = h.rows.arming("armed_away", "1", frame, "user_1", "keypad", null);
    h.sync.wake();
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                "delivered".equals(h.rows.status(alarm))
                    && "delivered".equals(h.rows.status(arming)));

    assertThat(h.rows.count("pending"))
        .as("troubles still waiting when the alarm was in")
        .isGreaterThan(1_000);
    JsonNode stored =
        h.cloud.events().stream()
            .filter(e -> e.get("event_id").asText().equals("a1b2c3d4-9001"))
            .findFirst()
            .orElseThrow();
    assertThat(stored.get("event_type").asText()).isEqualTo("alarm");
    assertThat(h.cloud.audit())
        .singleElement()
        .satisfies(a -> assertThat(a.status()).isEqualTo(200));
    assertThat(h.cloud.duplicateEventIds()).isZero();
  }

  @Test
  void theDrainOfABacklogInBulkDeliversEveryEventOnce() throws Exception {
    h.cloud.bulk(true).latency(Duration.ofMillis(50));
    Instant t = now();
    for (long n = 1; n <= 2_000; n++) {
      trouble(n, t);
    }
    h.start();
    await().atMost(Duration.ofSeconds(60)).until(() -> h.rows.count("pending") == 0);
    assertThat(h.cloud.eventCount()).isEqualTo(2_000);
    assertThat(h.cloud.duplicateEventIds()).isZero();
    assertThat(h.cloud.bulkRequests()).isBetween(4, 8);
  }

  @Test
  void aBulkAnswerHoldsAcceptedReplayedAndRejectedItemsEachTakenAsIfSentAlone() throws Exception {
    h.cloud.bulk(true);
    Instant t = now();
    long first = h.rows.events(1, 1, t).get(0);
    h.start();
    await().until(() -> "delivered".equals(h.rows.status(first)));
    h.stopSync();
    h.rows.requeueAll();
    long future = h.rows.event(2, "alarm", t.plusSeconds(3_600), t);
    long fresh = h.rows.events(3, 1, t).get(0);
    h.start();
    await().until(() -> h.rows.count("pending") == 0);

    assertThat(h.rows.status(first)).isEqualTo("delivered");
    assertThat(h.rows.status(fresh)).isEqualTo("delivered");
    assertThat(h.rows.status(future)).isEqualTo("dead");
    assertThat(h.rows.column(future, "last_status")).isEqualTo("400");
    RecordedRequest last = h.cloud.requests(BULK).get(h.cloud.requests(BULK).size() - 1);
    assertThat(last.body()).contains("\"idempotency_key\":\"evt:site_abc123:a1b2c3d4-3\"");
    assertThat(h.cloud.eventCount()).isEqualTo(2);
    assertThat(h.cloud.duplicateEventIds()).isZero();
    assertThat(h.alerts.isActive(AlertKind.DEAD_LETTER)).isTrue();
  }

  @Test
  void aKeyFirstSentInBulkIsReplayedWhenSentAloneAfterTheFallback() throws Exception {
    h.cloud.bulk(true);
    long id = h.rows.events(1, 1, now()).get(0);
    h.start();
    await().until(() -> "delivered".equals(h.rows.status(id)));
    h.stopSync();
    h.rows.requeueAll();
    h.cloud.bulk(false);
    h.start();
    await().until(() -> h.rows.count("pending") == 0);
    RecordedRequest single = h.cloud.requests(SyncHarness.EVENTS).get(0);
    assertThat(single.status()).isEqualTo(201);
    assertThat(h.cloud.requests(BULK))
        .extracting(RecordedRequest::status)
        .containsExactly(200, 404);
    assertThat(h.cloud.eventCount()).isEqualTo(1);
    assertThat(JSON.readTree(single.body()).has("idempotency_key")).isFalse();
  }
}
