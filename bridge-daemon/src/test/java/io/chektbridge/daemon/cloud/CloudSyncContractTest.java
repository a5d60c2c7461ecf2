package io.chektbridge.daemon.cloud;

import static io.chektbridge.daemon.cloud.SyncHarness.EVENTS;
import static io.chektbridge.daemon.cloud.SyncHarness.now;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chektbridge.daemon.cloud.fake.Fault;
import io.chektbridge.daemon.cloud.fake.RecordedRequest;
import io.chektbridge.daemon.ops.AlertKind;
import io.chektbridge.daemon.outbox.OutboxStore;
import io.chektbridge.daemon.time.HostClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * the CHeKT API contract §11 sync lines against the fake cloud, with waits recorded instead of
 * slept.
 */
@ExtendWith(SyncHarnessExtension.class)
class CloudSyncContractTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ARMING = "/v1/sites/site_abc123/arming-state";

  SyncHarness h;

  private void awaitStatus(long id, String status) {
    await().atMost(Duration.ofSeconds(10)).until(() -> status.equals(h.rows.status(id)));
  }

  /** Starts cloud sync and waits until row {@code id} has {@code status}. */
  private void startUntil(long id, String status) throws Exception {
    h.start();
    awaitStatus(id, status);
  }

  @Test
  void
      singleEventsGoAtMostMaxInFlightAtATimeWithBearerKeyStableIdempotencyKeyAndAFreshTracePerAttempt()
          throws Exception {
    h.cloud.latency(Duration.ofMillis(20));
    List<Long> ids = h.rows.events(1, 50, now());
    h.start();
    await().until(() -> h.rows.count("pending") == 0);

    List<RecordedRequest> sent = h.cloud.requests(EVENTS);
    assertThat(sent).hasSize(50);
    for (RecordedRequest r : sent) {
      String eventId = JSON.readTree(r.body()).get("event_id").asText();
      assertThat(r.header("authorization")).isEqualTo("Bearer " + SyncHarness.API_KEY);
      assertThat(r.header("idempotency-key")).isEqualTo("evt:site_abc123:" + eventId);
      assertThat(r.header("content-type")).startsWith("application/json");
    }
    assertThat(sent)
        .extracting(r -> JSON.readTree(r.body()).get("event_id").asText())
        .doesNotHaveDuplicates();
    assertThat(sent.stream().map(r -> r.header("x-partner-trace-id")).distinct()).hasSize(50);
    // cloud.max_in_flight (default 4) after the bulk path's 404 (§5.1 fallback)
    assertThat(h.cloud.maxConcurrentRequests()).isEqualTo(4);
    assertThat(ids).allSatisfy(id -> assertThat(h.rows.status(id)).isEqualTo("delivered"));
    assertThat(h.cloud.duplicateEventIds()).isZero();
    await().untilAsserted(() -> assertThat(h.sync.statusSection().get("last_success")).isNotNull());
  }

  @Test
  void scenario2ArmAwayThroughExitDelayKeepsTheUserAndArrivesWithinFiveSeconds() throws Exception {
    Instant t = now();
    h.rows.arming(
        "arming_in_progress",
        "1",
        t,
        "user_123",
        "keypad",
        "\"target_mode\":\"away\",\"exit_delay_seconds\":60");
    long done = h.rows.arming("armed_away", "1", t.plusSeconds(1), "user_123", "panel", null);
    startUntil(done, "delivered");

    assertThat(h.cloud.state("site_abc123", "1")).isEqualTo("armed_away");
    assertThat(h.cloud.audit()).extracting(a -> a.userId()).containsExactly("user_123", "user_123");
    assertThat(h.cloud.audit()).allSatisfy(a -> assertThat(a.status()).isEqualTo(200));
    JsonNode first = JSON.readTree(h.cloud.requests(ARMING).get(0).body());
    assertThat(first.get("exit_delay_seconds").asInt()).isEqualTo(60);
    assertThat(first.get("target_mode").asText()).isEqualTo("away");
    for (RecordedRequest r : h.cloud.requests(ARMING)) {
      Instant ts = Instant.parse(JSON.readTree(r.body()).get("timestamp").asText());
      assertThat(Duration.between(ts, r.receivedAt())).isLessThanOrEqualTo(Duration.ofSeconds(5));
    }
  }

  @Test
  void scenario3EntryDelayThenDisarmAndScenario1OpenZoneArmFailureStaysDisarmed() throws Exception {
    Instant t = now().minusSeconds(3);
    h.rows.arming("armed_away", "1", t, "user_1", "keypad", null);
    h.rows.arming(
        "entry_delay", "1", t.plusSeconds(1), null, "panel", "\"entry_delay_seconds\":30");
    h.rows.arming("disarmed", "1", t.plusSeconds(2), "user_1", "keypad", null);
    long fail =
        h.rows.arming(
            "arm_failure",
            "1",
            t.plusSeconds(3),
            "user_1",
            "keypad",
            "\"reason\":\"open_zone\",\"zones\":[{\"zone_number\":5,\"zone_name\":\"Back Door\",\"status\":\"open\"}]");
    startUntil(fail, "delivered");

    assertThat(h.cloud.audit()).extracting(a -> a.status()).containsExactly(200, 200, 200, 200);
    assertThat(h.cloud.state("site_abc123", "1")).isEqualTo("disarmed");
    assertThat(
            JSON.readTree(h.cloud.requests(ARMING).get(3).body())
                .get("zones")
                .get(0)
                .get("zone_name")
                .asText())
        .isEqualTo("Back Door");
  }

  @Test
  void allPartitionsAndPartitionSpecificArming() throws Exception {
    Instant t = now();
    h.rows.arming("armed_stay", "2", t, "u", "keyfob", null);
    long all = h.rows.arming("armed_night", "all", t.plusSeconds(1), "u", "keypad", null);
    startUntil(all, "delivered");
    assertThat(h.cloud.state("site_abc123", "1")).isEqualTo("armed_night");
    assertThat(h.cloud.state("site_abc123", "2")).isEqualTo("armed_night");
  }

  @Test
  void invalidTransitionIsDeadLetteredWithAnAlertNotRetriedAndTheQueueMovesOn() throws Exception {
    Instant t = now();
    long bad = h.rows.arming("entry_delay", "1", t, null, "panel", "\"entry_delay_seconds\":30");
    long next = h.rows.events(1, 1, t).get(0);
    startUntil(next, "delivered");

    // the arming lane and the event lanes run side by side: the event can be marked first
    await().atMost(Duration.ofSeconds(5)).until(() -> h.rows.status(bad).equals("dead"));
    assertThat(h.rows.column(bad, "last_error")).contains("InvalidStateTransition");
    assertThat(h.cloud.requests(ARMING)).hasSize(1);
    // the row turns dead first, then the alert is raised: both are awaited
    await().atMost(Duration.ofSeconds(5)).until(() -> h.alerts.isActive(AlertKind.DEAD_LETTER));
    assertThat(h.sleeper.waits()).isEmpty();
  }

  @Test
  void staleTimestampGets409StaleStateAndIsNotRetried() throws Exception {
    Instant t = now();
    h.rows.arming("armed_away", "1", t, "u", "keypad", null);
    long stale = h.rows.arming("disarmed", "1", t.minusSeconds(10), "u", "keypad", null);
    startUntil(stale, "dead");
    assertThat(h.rows.column(stale, "last_error")).contains("StaleState");
    assertThat(h.cloud.requests(ARMING)).hasSize(2);
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 403, 404, 422})
  void refusedForGoodMeansOneRequestThenDeadLetter(int status) throws Exception {
    h.cloud.fault(Fault.status(EVENTS, status, 1));
    long id = h.rows.events(1, 1, now()).get(0);
    startUntil(id, "dead");
    assertThat(h.cloud.requests(EVENTS)).hasSize(1);
    assertThat(h.rows.column(id, "last_status")).isEqualTo(String.valueOf(status));
    // the row turns dead first, then the alert is raised: both are awaited
    await().atMost(Duration.ofSeconds(5)).until(() -> h.alerts.isActive(AlertKind.DEAD_LETTER));
    assertThat(h.sleeper.waits()).isEmpty();
  }

  @Test
  void fiveXxBurstRetriesOnTheScheduleWithTheSameKey() throws Exception {
    h.cloud.fault(Fault.status(EVENTS, 503, 3));
    long id = h.rows.events(1, 1, now()).get(0);
    startUntil(id, "delivered");
    assertThat(h.sleeper.waits())
        .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
    assertThat(h.cloud.requests(EVENTS))
        .extracting(r -> r.header("idempotency-key"))
        .containsOnly("evt:site_abc123:a1b2c3d4-1")
        .hasSize(4);
    assertThat(h.rows.column(id, "attempts")).isEqualTo("4");
  }

  @Test
  void everyAttemptIsInTheCloudAuditWithItsStatusOutcomeAndClassAndOldLinesArePruned()
      throws Exception {
    h.cloud.fault(Fault.status(EVENTS, 503, 1));
    long id = h.rows.events(1, 1, now()).get(0);
    startUntil(id, "delivered");
    CloudAuditPage page = new CloudAuditPage(new OutboxStore(h.db));
    JsonNode lines = JSON.readTree(page.answer(Map.of("cloud", "1")).body());
    assertThat(lines)
        .extracting(l -> l.get("http_status").asText() + " " + l.get("outcome").asText())
        .containsExactly("503 retry", "201 delivered");
    assertThat(lines)
        .allSatisfy(
            l -> {
              assertThat(l.get("key").asText()).isEqualTo("evt:site_abc123:a1b2c3d4-1");
              assertThat(l.get("class").asInt()).isEqualTo(1);
              assertThat(l.get("outbox_id").asLong()).isEqualTo(id);
            });
    assertThat(page.answer(Map.of("cloud", "1", "limit", "0")).status()).isEqualTo(400);

    OutboxMonitor monitor =
        new OutboxMonitor(
            new OutboxStore(h.db), h.alerts, HostClock.system(), 1_000, Duration.ofDays(7));
    monitor.prune();
    assertThat(new OutboxStore(h.db).attempts(null, 10)).hasSize(2);
    new OutboxMonitor(
            new OutboxStore(h.db), h.alerts, HostClock.system(), 1_000, Duration.ofNanos(1))
        .prune();
    assertThat(new OutboxStore(h.db).attempts(null, 10)).isEmpty();
  }

  @Test
  void anExhaustedCycleRaisesSyncFailedAndStartsAgainWithoutDroppingAnything() throws Exception {
    h.cloud.fault(Fault.status(EVENTS, 500, 7));
    long id = h.rows.events(1, 1, now()).get(0);
    java.util.concurrent.atomic.AtomicBoolean alertedDuringPause =
        new java.util.concurrent.atomic.AtomicBoolean();
    h.start(
        d -> {
          if (d.equals(RetryPolicy.CONTRACT_CYCLE_PAUSE)) {
            alertedDuringPause.set(h.alerts.isActive(AlertKind.SYNC_FAILED));
          }
          h.sleeper.sleep(d);
        },
        HostClock.system());
    awaitStatus(id, "delivered");
    assertThat(alertedDuringPause).isTrue();
    assertThat(h.sleeper.waits())
        .containsExactly(
            Duration.ofSeconds(1),
            Duration.ofSeconds(2),
            Duration.ofSeconds(4),
            Duration.ofSeconds(8),
            Duration.ofSeconds(16),
            Duration.ofSeconds(30),
            Duration.ofSeconds(1));
    assertThat(h.cloud.requests(EVENTS)).hasSize(8);
    // the lane clears the alert just after it marked the row: the mark can be seen a moment before
    await().atMost(Duration.ofSeconds(5)).until(() -> !h.alerts.isActive(AlertKind.SYNC_FAILED));
  }

  @ParameterizedTest
  @ValueSource(ints = {301, 302, 307, 308})
  void aRedirectIsNeverFollowedNorTakenForADeliveryButRetriedWithAnAlert(int status)
      throws Exception {
    h.cloud.fault(Fault.status(EVENTS, status, 1));
    long id = h.rows.events(1, 1, now()).get(0);
    java.util.concurrent.atomic.AtomicBoolean alerted =
        new java.util.concurrent.atomic.AtomicBoolean();
    h.start(
        d -> {
          alerted.set(h.alerts.isActive(AlertKind.CLOUD_REDIRECT));
          h.sleeper.sleep(d);
        },
        HostClock.system());
    awaitStatus(id, "delivered");
    assertThat(alerted).isTrue();
    assertThat(h.cloud.requests("/landing.html")).isEmpty();
    assertThat(h.cloud.requests(EVENTS))
        .extracting(RecordedRequest::status)
        .containsExactly(status, 201);
    assertThat(h.cloud.eventCount()).isEqualTo(1);
    // the lane clears the alert just after it marked the row: the mark can be seen a moment before
    await().atMost(Duration.ofSeconds(5)).until(() -> !h.alerts.isActive(AlertKind.CLOUD_REDIRECT));
  }

  @Test
  void tooManyRequestsWaitsForRetryAfterWhenLongerThanTheStep() throws Exception {
    h.cloud.fault(Fault.tooMany(EVENTS, 3));
    h.cloud.fault(Fault.tooMany(EVENTS, 0));
    long id = h.rows.events(1, 1, now()).get(0);
    startUntil(id, "delivered");
    assertThat(h.sleeper.waits()).containsExactly(Duration.ofSeconds(3), Duration.ofSeconds(2));
  }

  @Test
  void droppedConnectionAndTimeoutAreRetriedAndTheEventStoredOnce() throws Exception {
    h.useApiKey(Duration.ofMillis(500));
    h.cloud.fault(Fault.drop(EVENTS, 1));
    h.cloud.fault(Fault.delay(EVENTS, 1_500, 1));
    long id = h.rows.events(1, 1, now()).get(0);
    startUntil(id, "delivered");
    assertThat(h.sleeper.waits()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
    await().untilAsserted(() -> assertThat(h.cloud.eventCount()).isEqualTo(1));
    assertThat(h.cloud.duplicateEventIds()).isZero();
  }

  @Test
  void aRevokedApiKeyRaisesAuthFailedAndKeepsTheRowQueued() throws Exception {
    h.cloud.revokeApiKey(SyncHarness.API_KEY);
    long id = h.rows.events(1, 1, now()).get(0);
    h.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> h.alerts.isActive(AlertKind.AUTH_FAILED));
    assertThat(h.rows.status(id)).isEqualTo("pending");
    assertThat(h.alerts.active())
        .filteredOn(a -> a.kind() == AlertKind.AUTH_FAILED)
        .allSatisfy(a -> assertThat(a.detail()).doesNotContain(SyncHarness.API_KEY));
    h.cloud.apiKey(SyncHarness.API_KEY);
    awaitStatus(id, "delivered");
    assertThat(h.alerts.isActive(AlertKind.AUTH_FAILED)).isFalse();
  }

  @Test
  void aResentRowIsReplayedByTheCloudNotStoredTwice() throws Exception {
    List<Long> ids = h.rows.events(1, 20, now());
    startUntil(ids.get(19), "delivered");
    h.stopSync();
    h.rows.requeueAll();
    startUntil(ids.get(19), "delivered");

    assertThat(h.cloud.requests(EVENTS)).hasSize(40);
    assertThat(h.cloud.requests(EVENTS).subList(20, 40))
        .allSatisfy(r -> assertThat(r.status()).isEqualTo(201));
    assertThat(h.cloud.eventCount()).isEqualTo(20);
    assertThat(h.cloud.duplicateEventIds()).isZero();
  }

  @Test
  void rowsThatBreakTheContractAreNeverSent() throws Exception {
    Instant t = now();
    long seoul =
        h.rows.insert(
            "event",
            "evt:site_abc123:x-1",
            OutboxRows.eventBody(OutboxRows.SITE, 1, "alarm", t)
                .replace(t + "\"", t.toString().replace("Z", "+09:00") + "\""),
            t);
    long pin = h.rows.arming("disarmed", "1", t, "u", "keypad", "\"user_code\":\"1234\"");
    long anonymous = h.rows.arming("armed_away", "1", t, null, "keypad", null);
    long ok = h.rows.events(2, 1, t).get(0);
    startUntil(ok, "delivered");
    assertThat(List.of(h.rows.status(seoul), h.rows.status(pin), h.rows.status(anonymous)))
        .containsOnly("dead");
    assertThat(h.rows.column(seoul, "last_error")).contains("event_time").contains("UTC");
    assertThat(h.rows.column(pin, "last_error")).contains("user_code");
    assertThat(h.rows.column(anonymous, "last_error")).contains("user_id");
    assertThat(h.cloud.requests(EVENTS)).hasSize(1);
    assertThat(h.cloud.requests(ARMING)).isEmpty();
  }

  @Test
  void aMissingSiteIdIsFilledFromConfigAndFrozenSoRetriesSendTheSameBytes() throws Exception {
    Instant t = now();
    long id =
        h.rows.insert("event", "evt::a1b2c3d4-7", OutboxRows.eventBody(null, 7, "trouble", t), t);
    h.cloud.fault(Fault.status(EVENTS, 502, 1));
    startUntil(id, "delivered");
    List<RecordedRequest> sent = h.cloud.requests(EVENTS);
    assertThat(sent).hasSize(2);
    assertThat(sent.get(0).body()).isEqualTo(sent.get(1).body());
    assertThat(sent.get(1).header("idempotency-key")).isEqualTo("evt:site_abc123:a1b2c3d4-7");
    assertThat(JSON.readTree(sent.get(0).body()).get("site_id").asText()).isEqualTo("site_abc123");
    assertThat(h.rows.column(id, "body")).isEqualTo(sent.get(0).body());
  }

  @Test
  void concurrentArmingChangesAreSentOneAtATimeInOrder() throws Exception {
    Instant t = now().minusSeconds(2);
    String[] states = {
      "armed_away", "disarmed", "armed_stay", "disarmed", "armed_night", "disarmed"
    };
    long last = 0;
    for (int i = 0; i < states.length; i++) {
      last =
          h.rows.arming(
              states[i], i % 2 == 0 ? "1" : "1", t.plusMillis(i * 100L), "u" + i, "keypad", null);
    }
    h.rows.events(1, 30, t);
    startUntil(last, "delivered");
    await().until(() -> h.rows.count("pending") == 0);
    assertThat(h.cloud.audit())
        .extracting(a -> a.userId())
        .containsExactly("u0", "u1", "u2", "u3", "u4", "u5");
    assertThat(h.cloud.audit()).allSatisfy(a -> assertThat(a.status()).isEqualTo(200));
    assertThat(h.cloud.state("site_abc123", "1")).isEqualTo("disarmed");
  }

  @Test
  void restartWithAFullOutboxDeliversEverythingOnce() throws Exception {
    List<Long> ids = h.rows.events(1, 600, now());
    h.start();
    await().until(() -> h.cloud.eventCount() >= 100);
    h.stopSync();
    startUntil(ids.get(599), "delivered");
    await().until(() -> h.rows.count("pending") == 0);

    assertThat(h.cloud.eventCount()).isEqualTo(600);
    assertThat(h.cloud.duplicateEventIds()).isZero();
    // events are independent records the cloud orders by event_time; several go at a time (§9)
    assertThat(h.cloud.events())
        .extracting(e -> e.get("event_id").asText())
        .containsExactlyInAnyOrderElementsOf(
            java.util.stream.LongStream.rangeClosed(1, 600)
                .mapToObj(n -> "a1b2c3d4-" + n)
                .toList());
  }

  @Test
  void statusSectionsUseTheFixedNamesAndSyncLateFiresAfterFiveSeconds() throws Exception {
    OutboxMonitor monitor =
        new OutboxMonitor(
            new OutboxStore(h.db), h.alerts, HostClock.system(), 1_000, Duration.ofDays(7));
    h.rows.events(1, 3, now().minusSeconds(6));
    monitor.check();
    Map<String, Object> outbox = monitor.statusSection();
    assertThat(outbox)
        .containsKeys("pending", "oldest_age_s", "dead_letter")
        .containsEntry("pending", 3L);
    assertThat((Long) outbox.get("oldest_age_s")).isGreaterThanOrEqualTo(6);
    assertThat(h.alerts.isActive(AlertKind.SYNC_LATE)).isTrue();

    h.start();
    await().until(() -> h.rows.count("pending") == 0);
    monitor.check();
    assertThat(h.alerts.isActive(AlertKind.SYNC_LATE)).isFalse();
    assertThat(h.sync.statusSection()).containsKeys("last_success", "last_error");
  }

  @Test
  void syncLateIsNotRaisedWhileCloudSyncIsDeliberatelyOff() throws Exception {
    OutboxMonitor monitor =
        new OutboxMonitor(
                new OutboxStore(h.db), h.alerts, HostClock.system(), 1_000, Duration.ofDays(7))
            .syncOff();
    h.rows.events(1, 3, now().minusSeconds(60));

    monitor.check();

    assertThat(monitor.statusSection()).containsEntry("pending", 3L);
    assertThat(h.alerts.isActive(AlertKind.SYNC_LATE)).isFalse();
  }

  @Test
  void theCapSetsAsideClass3ThenClass2NeverAlarmsOrArmingAndTheyReturnByThemselves()
      throws Exception {
    Instant t = now();
    h.rows.events(1, 3, t);
    long trouble = h.rows.event(100, "trouble", t);
    long routine = h.rows.event(101, "arming", t);
    long arming = h.rows.arming("armed_away", "1", t, "u", "keypad", null);
    OutboxMonitor monitor =
        new OutboxMonitor(
            new OutboxStore(h.db), h.alerts, HostClock.system(), 5, Duration.ofDays(7));
    monitor.check();
    assertThat(h.rows.status(routine)).isEqualTo("set_aside");
    assertThat(h.rows.status(trouble)).isEqualTo("pending");
    assertThat(h.rows.count("pending")).isEqualTo(5);
    assertThat(h.alerts.isActive(AlertKind.OUTBOX_FULL)).isTrue();

    new OutboxMonitor(new OutboxStore(h.db), h.alerts, HostClock.system(), 2, Duration.ofDays(7))
        .check();
    assertThat(h.rows.status(trouble)).isEqualTo("set_aside");
    assertThat(h.rows.status(arming)).isEqualTo("pending");
    assertThat(h.rows.count("pending")).isEqualTo(4);
    assertThat(monitor.statusSection()).containsKey("set_aside");

    h.start();
    monitor.onReturned(h.sync::rescan);
    await()
        .until(
            () -> {
              monitor.check();
              return h.rows.count("delivered") == 6;
            });
    assertThat(h.alerts.isActive(AlertKind.OUTBOX_FULL)).isFalse();
    assertThat(h.cloud.eventCount()).isEqualTo(5);
  }
}
