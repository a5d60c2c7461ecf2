package io.chektbridge.daemon.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chektbridge.daemon.cloud.fake.Fault;
import io.chektbridge.daemon.cloud.fake.RecordedRequest;
import io.chektbridge.daemon.ops.AlertKind;
import io.chektbridge.daemon.ops.Alerts;
import io.chektbridge.daemon.testing.LogCapture;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

  private static String key(long n) {
    return "evt:site_abc123:a1b2c3d4-" + n;
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

  @Test
  void aBulkPathAnswering405FallsBackToSingleEventsAtMaxInFlightEachDeliveredOnceUnderItsKey()
      throws Exception {
    h.cloud.bulk(true).latency(Duration.ofMillis(20));
    h.cloud.fault(Fault.status(BULK, 405, 1));
    List<Long> ids = h.rows.events(1, 50, now());
    h.start();
    await().until(() -> h.rows.count("pending") == 0);

    assertThat(h.cloud.requests(BULK)).extracting(RecordedRequest::status).containsExactly(405);
    List<RecordedRequest> single = h.cloud.requests(SyncHarness.EVENTS);
    assertThat(single).hasSize(50).allSatisfy(r -> assertThat(r.status()).isEqualTo(201));
    for (RecordedRequest r : single) {
      assertThat(r.header("idempotency-key"))
          .isEqualTo("evt:site_abc123:" + JSON.readTree(r.body()).get("event_id").asText());
    }
    assertThat(single).extracting(r -> r.header("idempotency-key")).doesNotHaveDuplicates();
    assertThat(h.cloud.maxConcurrentRequests()).isEqualTo(4);
    assertThat(ids).allSatisfy(id -> assertThat(h.rows.status(id)).isEqualTo("delivered"));
    assertThat(h.cloud.eventCount()).isEqualTo(50);
    assertThat(h.cloud.duplicateEventIds()).isZero();
    assertThat(h.sync.statusSection()).containsEntry("events_mode", "single");
  }

  /** §9: an item the cloud refuses for good, alone and in bulk, ends as a dead letter alone. */
  @ParameterizedTest
  @CsvSource({"true, 400", "true, 422", "false, 400", "false, 422"})
  void aPoisonItemRefusedForGoodIsADeadLetterWithItsErrorAndTheRestOfItsClassIsDelivered(
      boolean bulk, int status) throws Exception {
    h.cloud.bulk(bulk).refuse(key(3), status);
    List<Long> ids = h.rows.events(1, 10, now());
    h.start();
    await().until(() -> h.rows.count("pending") == 0);
    h.rows.events(11, 5, now());
    h.sync.wake();
    await().until(() -> h.rows.count("pending") == 0);

    long poison = ids.get(2);
    assertThat(h.rows.status(poison)).isEqualTo("dead");
    assertThat(h.rows.column(poison, "last_status")).isEqualTo(String.valueOf(status));
    assertThat(h.carrying(key(3))).hasSize(1);
    // in bulk too, the trace id is that of the request that carried the item: what the vendor asks
    assertThat(h.rows.column(poison, "last_error"))
        .contains("ValidationError", "injected refusal of item " + key(3))
        .contains("(trace " + h.carrying(key(3)).get(0).header("x-partner-trace-id") + ")");
    assertThat(h.rows.count("delivered")).isEqualTo(14);
    assertThat(h.cloud.eventCount()).isEqualTo(14);
    await().until(() -> h.alerts.isActive(AlertKind.DEAD_LETTER));
  }

  /**
   * §9: an item that gets a 500 every time, in bulk, keeps a retry schedule of its own (1 s, 2 s,
   * ...) out of the bulks in between, while the rest of its class and later rows are delivered.
   */
  @Test
  void aRetryablePoisonItemInBulkIsRetriedOnItsOwnScheduleWhileTheRestIsDelivered()
      throws Exception {
    h.cloud.bulk(true).refuse(key(3), 500);
    List<Long> ids = h.rows.events(1, 10, now());
    h.start();
    await().until(() -> h.rows.count("delivered") == 9);
    h.rows.events(11, 5, now());
    h.sync.wake();
    await().until(() -> h.rows.count("delivered") == 14);
    await().atMost(Duration.ofSeconds(10)).until(() -> h.carrying(key(3)).size() >= 3);

    List<Instant> tries = h.carrying(key(3)).stream().map(RecordedRequest::receivedAt).toList();
    assertThat(Duration.between(tries.get(0), tries.get(1))).isGreaterThan(Duration.ofMillis(900));
    assertThat(Duration.between(tries.get(1), tries.get(2)))
        .isGreaterThan(Duration.ofMillis(1_900));
    long poison = ids.get(2);
    assertThat(h.rows.status(poison)).isEqualTo("pending");
    assertThat(h.rows.column(poison, "last_status")).isEqualTo("500");
    assertThat(h.cloud.duplicateEventIds()).isZero();
  }

  /**
   * §9: sent alone, an item that gets a 500 every time runs one delivery cycle as the probe (it
   * cannot be told from an outage), raises SYNC_FAILED naming it, then steps aside: the rows behind
   * it, and later ones, are delivered while it stays pending.
   */
  @Test
  void aRetryablePoisonItemSentAloneRunsOneCycleThenStepsAsideForTheRest() throws Exception {
    h.cloud.refuse(key(3), 500);
    List<Long> ids = h.rows.events(1, 10, now());
    try (LogCapture log = LogCapture.of(Alerts.class.getName())) {
      h.start();
      await().until(() -> h.rows.count("delivered") == 9);
      // the other rows' deliveries clear SYNC_FAILED again at once, so its raising is read in the
      // log
      await()
          .untilAsserted(
              () ->
                  assertThat(log.events())
                      .anySatisfy(
                          e ->
                              assertThat(e.getFormattedMessage())
                                  .contains(
                                      "ALERT SYNC_FAILED raised: outbox row " + ids.get(2),
                                      key(3))));
    }
    await()
        .untilAsserted(
            () ->
                assertThat(h.sleeper.waits())
                    .containsSubsequence(
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(4),
                        Duration.ofSeconds(8),
                        Duration.ofSeconds(16),
                        RetryPolicy.CONTRACT_CYCLE_PAUSE));
    h.rows.events(11, 5, now());
    h.sync.wake();
    await().until(() -> h.rows.count("delivered") == 14);
    assertThat(h.rows.status(ids.get(2))).isEqualTo("pending");
    assertThat(h.rows.column(ids.get(2), "last_status")).isEqualTo("500");
    assertThat(h.cloud.eventCount()).isEqualTo(14);
    assertThat(h.cloud.duplicateEventIds()).isZero();
  }
}
