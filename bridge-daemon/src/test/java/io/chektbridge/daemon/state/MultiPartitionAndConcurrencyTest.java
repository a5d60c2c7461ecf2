package io.chektbridge.daemon.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chektbridge.daemon.config.BridgeConfig;
import io.chektbridge.daemon.config.BridgeConfig.Partition;
import io.chektbridge.daemon.config.BridgeConfig.Zone;
import io.chektbridge.daemon.journal.StoredEvent;
import io.chektbridge.daemon.ops.Alerts;
import io.chektbridge.daemon.ops.Metrics;
import io.chektbridge.daemon.status.SiteSections;
import io.chektbridge.daemon.store.Database;
import io.chektbridge.daemon.time.HostClock;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Partition "all" versus per-partition records, and concurrent arm/disarm from two sources. */
class MultiPartitionAndConcurrencyTest {
  @TempDir Path dir;

  private static final String SERIAL_BUS = "serial:/dev/ttyUSB0";

  private StateHarness twoPartitions() throws Exception {
    return new StateHarness(
        dir,
        List.of(
            StateHarness.HOUSE,
            new Partition(2, "Garage", Duration.ofSeconds(60), Duration.ofSeconds(30))),
        List.of(
            new Zone(5, "Back Door", 1, BridgeConfig.ZoneType.ENTRY_EXIT, null),
            new Zone(11, "Garage Door", 2, BridgeConfig.ZoneType.ENTRY_EXIT, null)),
        List.of());
  }

  @Test
  void siteWideReportGoesAsAllAndPerPartitionReportsNameThePartition() throws Exception {
    try (StateHarness h = twoPartitions()) {
      h.cid("R401", 0, null, 3);
      assertThat(h.partition(1).state()).isEqualTo(PartitionState.ARMING_IN_PROGRESS);
      assertThat(h.partition(2).state()).isEqualTo(PartitionState.ARMING_IN_PROGRESS);
      h.advance(Duration.ofSeconds(10));
      h.cid("E401", 2, null, 4);
      h.advance(Duration.ofSeconds(50));
      assertThat(h.partition(1).state()).isEqualTo(PartitionState.ARMED_AWAY);
      assertThat(h.partition(2).state()).isEqualTo(PartitionState.DISARMED);
      h.cid("E401", null, null, 3);
      assertThat(h.armingStates())
          .containsExactly("all:arming_in_progress", "2:disarmed", "1:armed_away", "1:disarmed");
      assertThat(h.outbox("arming").get(1).get("user_id").asText()).isEqualTo("4");
    }
  }

  @Test
  void zoneEventWithoutPartitionGoesToTheZonesPartition() throws Exception {
    try (StateHarness h = twoPartitions()) {
      h.cid("E130", 0, 11, null);
      assertThat(h.partition(2).state()).isEqualTo(PartitionState.ALARM);
      assertThat(h.partition(1).state()).isEqualTo(PartitionState.DISARMED);
      h.cid("R130", 0, 11, null);
      assertThat(h.partition(2).state())
          .as("an alarm of a disarmed partition ends when it restores")
          .isEqualTo(PartitionState.DISARMED);
    }
  }

  @Test
  void unknownPartitionIsTrackedAndFlaggedUnmapped() throws Exception {
    try (StateHarness h = twoPartitions()) {
      h.cid("R401", 7, null, 3);
      assertThat(h.partition(7).state()).isEqualTo(PartitionState.ARMING_IN_PROGRESS);
      assertThat(SiteSections.partitions(h.engine.snapshot(), h.engine.layout()))
          .filteredOn(p -> p.get("number").equals(7))
          .singleElement()
          .satisfies(p -> assertThat(p.get("mapped")).isEqualTo(false));
      assertThat(h.armingStates()).containsExactly("7:arming_in_progress");
    }
  }

  /**
   * A row committed after a later id is applied in id order, not skipped; an id that was rolled
   * back is skipped after a wait.
   */
  @Test
  void idCommittedOutOfOrderIsWaitedForAndARolledBackIdIsSkipped() throws Exception {
    try (StateHarness h = twoPartitions();
        java.sql.Connection slow = h.db.connection()) {
      slow.setAutoCommit(false);
      long first =
          PanelEventRow.contactId(h.clock.instant(), "R401", 1, null, 3)
              .insertInto(slow, SERIAL_BUS, null);
      h.cid("E401", 1, null, 4);
      assertThat(h.engine.snapshot().cursor()).as("waits for id " + first).isLessThan(first);
      slow.commit();
      h.engine.committed(first);
      h.thread.runPending();
      assertThat(h.audit())
          .extracting(a -> a.entry().panelEventId())
          .containsExactly(first, first + 1);
      assertThat(h.partition(1).state()).isEqualTo(PartitionState.DISARMED);

      PanelEventRow.contactId(h.clock.instant(), "R441", 1, null, 3)
          .insertInto(slow, SERIAL_BUS, null);
      slow.rollback();
      h.cid("R441", 2, null, 5);
      assertThat(h.partition(2).state()).isEqualTo(PartitionState.DISARMED);
      h.advance(Duration.ofSeconds(1));
      assertThat(h.partition(2).state())
          .as("the rolled-back id is skipped")
          .isEqualTo(PartitionState.ARMING_IN_PROGRESS);
      assertThat(h.partition(2).user()).isEqualTo(5);
      assertThat(h.partition(1).state()).isEqualTo(PartitionState.DISARMED);
    }
  }

  /**
   * Two sources (a DC-09 panel link and a serial keypad bus) store arm and disarm reports at the
   * same time. The real state thread applies them in journal (id) order with no lost update: one
   * audit line per event, and the final state is the one the last stored report says.
   */
  @Test
  void concurrentArmDisarmFromTwoSourcesIsSerializedInJournalOrder() throws Exception {
    Database db = Database.open(dir);
    Metrics metrics = new Metrics();
    SiteStateMachine machine =
        new SiteStateMachine(
            new SiteLayout(
                List.of(new Partition(1, "House", Duration.ZERO, Duration.ofSeconds(30))),
                List.of()));
    SiteStateEngine engine =
        new SiteStateEngine(
            new StateStore(db),
            machine,
            MeaningTable.builtIn(),
            "site_abc123",
            HostClock.system(),
            new ExecutorStateThread(),
            metrics,
            new Alerts(Clock.systemUTC()));
    try {
      engine.start();
      CountDownLatch go = new CountDownLatch(1);
      List<Thread> sources = new ArrayList<>();
      for (String source : List.of(PanelEventRow.DC09_LINK, SERIAL_BUS)) {
        Thread t =
            new Thread(
                () -> {
                  try {
                    go.await();
                    for (int i = 0; i < 50; i++) {
                      boolean arm = (i + source.length()) % 2 == 0;
                      String code = (arm ? "R" : "E") + "401";
                      Integer user = source.startsWith("dc09") ? 3 : 4;
                      long id =
                          PanelEventRow.contactId(java.time.Instant.now(), code, 1, null, user)
                              .insertInto(db, source, null);
                      engine.committed(id);
                    }
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                });
        t.start();
        sources.add(t);
      }
      go.countDown();
      for (Thread t : sources) {
        t.join();
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> engine.snapshot().cursor() == 100);

      StateStore store = new StateStore(db);
      List<StateStore.AuditRecord> audit = store.audit(null, null, 1000);
      assertThat(audit).hasSize(100);
      assertThat(audit)
          .extracting(a -> a.entry().panelEventId())
          .isSorted()
          .doesNotHaveDuplicates();
      StoredEvent last = store.eventsAfter(99, 1).get(0);
      PartitionState expected =
          last.qualifier() == 'R' ? PartitionState.ARMED_AWAY : PartitionState.DISARMED;
      assertThat(engine.snapshot().partitions().get(1).state()).isEqualTo(expected);
      assertThat(engine.snapshot().partitions().get(1).user()).isEqualTo(last.user());
    } finally {
      engine.close();
      db.close();
    }
  }
}
