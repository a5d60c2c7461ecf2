package io.chektbridge.daemon.cloud;

import static io.chektbridge.daemon.cloud.SyncHarness.EVENTS;
import static io.chektbridge.daemon.cloud.SyncHarness.now;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import io.chektbridge.daemon.cloud.fake.RecordedRequest;
import io.chektbridge.daemon.outbox.OutboxStore;
import io.chektbridge.daemon.testing.LogCapture;
import io.chektbridge.daemon.time.HostClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The CHeKT API contract §11 items 37, 38 and 39: what the bridge makes of the cloud's answers, an
 * idempotency conflict, the nested error envelope, and the rate-limit headers, against the fake
 * cloud.
 */
@ExtendWith(SyncHarnessExtension.class)
class CloudAnswersTest {
  private static final String KEY = "evt:site_abc123:a1b2c3d4-1";

  SyncHarness h;

  /** Item 37: another payload under the same key is a dead letter at once, never a retry loop. */
  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void anIdempotencyConflictIsADeadLetterWithALogLineNamingTheKeyAndNoRetry(boolean bulk)
      throws Exception {
    h.cloud.bulk(bulk);
    h.cloud.holdEventKey(
        SyncHarness.API_KEY,
        KEY,
        OutboxRows.eventBody(OutboxRows.SITE, 1, "trouble", now().minusSeconds(60)));
    try (LogCapture log = LogCapture.of(CloudSync.class.getName())) {
      long id = h.rows.events(1, 1, now()).get(0);
      long next = h.rows.events(2, 1, now()).get(0);
      h.start();
      await().until(() -> "dead".equals(h.rows.status(id)));
      await().until(() -> "delivered".equals(h.rows.status(next)));

      assertThat(h.rows.column(id, "last_status")).isEqualTo("409");
      assertThat(h.rows.column(id, "last_error")).contains("IdempotencyConflict");
      await()
          .untilAsserted(
              () ->
                  assertThat(log.events())
                      .anySatisfy(
                          e -> {
                            assertThat(e.getLevel()).isEqualTo(Level.ERROR);
                            assertThat(e.getFormattedMessage())
                                .contains(
                                    KEY,
                                    "IdempotencyConflict",
                                    "another payload under this Idempotency-Key",
                                    "dead letters");
                          }));
      await()
          .during(Duration.ofMillis(500))
          .atMost(Duration.ofSeconds(2))
          .until(() -> h.carrying(KEY).size() == 1);
      assertThat(h.sleeper.waits()).isEmpty();
      assertThat(h.cloud.eventCount()).isEqualTo(1);
    }
  }

  /**
   * Item 38: the nested envelope {@code {"error":{"code","message","request_id"}}} is read; the
   * row's last error and the cloud audit name the error and the request id.
   */
  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void aNestedErrorEnvelopeIsReadAndTheRowAndTheAuditNameTheErrorAndTheRequestId(boolean bulk)
      throws Exception {
    h.cloud.bulk(bulk).nestedErrors(true).refuse(KEY, 422);
    long id = h.rows.events(1, 1, now()).get(0);
    h.start();
    await().until(() -> "dead".equals(h.rows.status(id)));

    assertThat(h.rows.column(id, "last_error"))
        .contains("ValidationError: injected refusal of item " + KEY, "(request_id req_");
    List<Map<String, Object>> audit = new OutboxStore(h.db).attempts(null, 10);
    assertThat(audit)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.get("detail").toString()).contains("ValidationError", "request_id req_");
              assertThat(a.get("outcome")).isEqualTo("dead");
            });
  }

  /**
   * Item 39: a low remaining budget in the answers' X-RateLimit-* headers spreads the last requests
   * of the window up to its reset, so the requests past the budget arrive after the window ended,
   * measured at the fake, instead of bouncing off 429s.
   */
  @Test
  void aLowRemainingBudgetInTheAnswersHoldsTheRestBackUntilTheWindowResets() throws Exception {
    h.cloud.rateLimit(40, Duration.ofSeconds(3));
    h.rows.events(1, 60, now());
    // the daemon's own sleeper (null): the pacing must really wait there, not only in tests
    h.start(null, HostClock.system());
    await().atMost(Duration.ofSeconds(20)).until(() -> h.rows.count("pending") == 0);

    List<RecordedRequest> sent =
        h.cloud.requests(EVENTS).stream()
            .sorted(Comparator.comparing(RecordedRequest::receivedAt))
            .toList();
    Instant first = sent.get(0).receivedAt();
    Instant windowEnd = Instant.ofEpochSecond(first.getEpochSecond() + 3);
    // the fake's window ends on a whole second of its clock; the bridge turns X-RateLimit-Reset
    // into
    // a wait on the same host, so a few milliseconds either side of it are the margin
    assertThat(sent.get(40).receivedAt()).isAfter(windowEnd.minusMillis(50));
    // the last of the budget were spread towards the reset, not sent in the first burst
    assertThat(Duration.between(first, sent.get(39).receivedAt()))
        .isGreaterThan(Duration.between(first, windowEnd).dividedBy(3));
    // at most one per lane (4) meeting the window's turn a hair early; unpaced, the 20 requests
    // past
    // the budget and their retries would all be 429s
    assertThat(sent).filteredOn(r -> r.status() == 429).hasSizeLessThanOrEqualTo(4);
    assertThat(h.cloud.eventCount()).isEqualTo(60);
    assertThat(h.cloud.duplicateEventIds()).isZero();
  }
}
