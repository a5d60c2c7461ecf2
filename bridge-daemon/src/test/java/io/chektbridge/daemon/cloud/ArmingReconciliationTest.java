package io.chektbridge.daemon.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chektbridge.daemon.config.BridgeConfig.Partition;
import io.chektbridge.daemon.ops.AlertKind;
import io.chektbridge.daemon.state.ExecutorStateThread;
import io.chektbridge.daemon.state.MeaningTable;
import io.chektbridge.daemon.state.PartitionState;
import io.chektbridge.daemon.state.SiteLayout;
import io.chektbridge.daemon.state.SiteStateEngine;
import io.chektbridge.daemon.state.SiteStateMachine;
import io.chektbridge.daemon.state.StateStore;
import io.chektbridge.daemon.status.StatusRegistry;
import io.chektbridge.daemon.time.HostClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The CHeKT API contract §4.3 / §11 item 6: the reconciliation read at start-up and after a 409,
 * with either credential.
 */
class ArmingReconciliationTest {
  private static final String READ = "/ext/v1/sites/site_abc123/arming";

  @TempDir Path dir;

  /** What the state machine last reported per partition; adopting the cloud's word changes it. */
  private static final class Reported implements ArmingReconciler.ReportedState {
    final Map<Integer, PartitionState> states = new ConcurrentHashMap<>();

    @Override
    public Map<Integer, PartitionState> reportedToCloud() {
      return new TreeMap<>(states);
    }

    @Override
    public void adoptCloudState(Map<Integer, PartitionState> cloud) {
      states.putAll(cloud);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"api_key", "oauth_jwt"})
  void aDifferenceRaisesStateDivergenceAndTheCloudsWordBecomesTheBaseAlsoAfterA409(String auth)
      throws Exception {
    try (SyncHarness h = new SyncHarness(dir)) {
      if (auth.equals("oauth_jwt")) {
        h.useOAuth();
      }
      Instant t = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(5);
      long armed = h.rows.arming("armed_away", "1", t, "user_1", "keypad", null);
      h.start();
      await().until(() -> "delivered".equals(h.rows.status(armed)));

      Reported reported = new Reported();
      reported.states.put(1, PartitionState.DISARMED);
      reported.states.put(2, PartitionState.DISARMED);
      ArmingReconciler reconciler =
          new ArmingReconciler(
              h.connection.client(),
              CloudSyncService.requests(h.config),
              reported,
              h.alerts,
              h.metrics);

      assertThat(reconciler.reconcile()).isFalse();
      assertThat(h.alerts.isActive(AlertKind.STATE_DIVERGENCE)).isTrue();
      assertThat(reported.states)
          .containsEntry(1, PartitionState.ARMED_AWAY)
          .containsEntry(2, PartitionState.DISARMED);
      assertThat(h.cloud.requests(READ))
          .singleElement()
          .satisfies(r -> assertThat(r.status()).isEqualTo(200));

      assertThat(reconciler.reconcile()).isTrue();
      assertThat(h.alerts.isActive(AlertKind.STATE_DIVERGENCE)).isFalse();

      // a record the cloud refuses with 409 makes the bridge read the cloud's state again at once
      h.sync.onArmingConflict(key -> reconciler.reconcile());
      h.cloud.site("site_abc123", "armed_stay", "1", "2");
      long refused =
          h.rows.arming(
              "arming_in_progress",
              "2",
              t.plusSeconds(1),
              "user_1",
              "keypad",
              "\"target_mode\":\"away\",\"exit_delay_seconds\":60");
      h.sync.wake();
      await().until(() -> "dead".equals(h.rows.status(refused)));
      await().until(() -> h.cloud.requests(READ).size() == 3);
      assertThat(reported.states)
          .containsEntry(1, PartitionState.ARMED_STAY)
          .containsEntry(2, PartitionState.ARMED_STAY);
      assertThat(h.alerts.isActive(AlertKind.STATE_DIVERGENCE)).isTrue();
    }
  }

  /**
   * The start-up read as the daemon wires it: the real service and state engine, nothing called by
   * hand but {@code reconcileWith}.
   */
  @Test
  void theServiceReadsTheCloudsArmingAtStartUpAndTheEngineTakesTheCloudsWord() throws Exception {
    try (SyncHarness h = new SyncHarness(dir)) {
      h.cloud.site("site_abc123", "armed_away", "1", "2");
      SiteStateEngine engine =
          new SiteStateEngine(
              new StateStore(h.db),
              new SiteStateMachine(
                  new SiteLayout(
                      List.of(
                          new Partition(1, "House", Duration.ofSeconds(60), Duration.ofSeconds(30)),
                          new Partition(2, "Garage", Duration.ZERO, Duration.ZERO)),
                      h.config.zones())),
              MeaningTable.builtIn(),
              OutboxRows.SITE,
              HostClock.system(),
              new ExecutorStateThread(),
              h.metrics,
              h.alerts);
      try (CloudSyncService service =
          CloudSyncService.start(
              h.config, h.db, HostClock.system(), h.alerts, h.metrics, new StatusRegistry())) {
        engine.start();
        assertThat(engine.reportedToCloud())
            .isEqualTo(Map.of(1, PartitionState.DISARMED, 2, PartitionState.DISARMED));

        service.reconcileWith(engine, h.config, h.alerts, h.metrics);

        await().until(() -> h.alerts.isActive(AlertKind.STATE_DIVERGENCE));
        assertThat(h.cloud.requests(READ))
            .singleElement()
            .satisfies(r -> assertThat(r.status()).isEqualTo(200));
        await()
            .untilAsserted(
                () ->
                    assertThat(engine.reportedToCloud())
                        .containsEntry(1, PartitionState.ARMED_AWAY)
                        .containsEntry(2, PartitionState.ARMED_AWAY));
      } finally {
        engine.close();
      }
    }
  }
}
