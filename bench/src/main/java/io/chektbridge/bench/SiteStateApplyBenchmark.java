package io.chektbridge.bench;

import io.chektbridge.daemon.config.BridgeConfig.Partition;
import io.chektbridge.daemon.journal.StoredEvent;
import io.chektbridge.daemon.state.EventNormalizer;
import io.chektbridge.daemon.state.MeaningTable;
import io.chektbridge.daemon.state.SiteEvent;
import io.chektbridge.daemon.state.SiteLayout;
import io.chektbridge.daemon.state.SiteSnapshot;
import io.chektbridge.daemon.state.SiteStateMachine;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One panel event applied to the site state on the state thread, on a site whose panel has reported
 * {@code zones} zones: the state machine copies the site for every event, so its cost grows with
 * the zones. A burglary alarm and its restore on the zones in turn, each applied to the same site
 * (one core).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SiteStateApplyBenchmark {
  @Param({"16", "1000"})
  int zones;

  private SiteStateMachine machine;
  private SiteSnapshot site;
  private SiteEvent[] events;
  private int next;

  @Setup
  public void setUp() {
    SiteLayout layout =
        new SiteLayout(
            List.of(new Partition(1, "House", Duration.ofSeconds(30), Duration.ofSeconds(30))),
            List.of());
    machine = new SiteStateMachine(layout);
    EventNormalizer normalizer = new EventNormalizer(MeaningTable.withOverrides(List.of()), layout);
    events = new SiteEvent[2 * zones];
    for (int z = 1; z <= zones; z++) {
      events[2 * z - 2] = normalizer.normalize(burglary(2L * z - 1, 'E', z));
      events[2 * z - 1] = normalizer.normalize(burglary(2L * z, 'R', z));
    }
    site = machine.withConfiguredPartitions(SiteSnapshot.empty());
    for (SiteEvent e : events) {
      site = machine.apply(site, e).next();
    }
  }

  private static StoredEvent burglary(long id, char qualifier, int zone) {
    return new StoredEvent(
        id,
        Instant.parse("2026-12-05T12:00:00Z").plusMillis(id),
        "dc09-tcp",
        "1234",
        "CONTACT_ID",
        qualifier,
        "130",
        null,
        1,
        zone,
        null,
        null,
        null,
        List.of(),
        "Burglary",
        "alarm");
  }

  @Benchmark
  public SiteStateMachine.Result applyOneEvent() {
    SiteEvent e = events[next];
    next = (next + 1) % events.length;
    return machine.apply(site, e);
  }
}
