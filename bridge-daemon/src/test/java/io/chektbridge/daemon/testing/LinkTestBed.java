package io.chektbridge.daemon.testing;

import io.chektbridge.daemon.config.BridgeConfig;
import io.chektbridge.daemon.config.ConfigLoader;
import io.chektbridge.daemon.journal.SegmentEventJournal;
import io.chektbridge.daemon.link.LinkContext;
import io.chektbridge.daemon.link.LinkOutages;
import io.chektbridge.daemon.link.LinkStats;
import io.chektbridge.daemon.link.LinkSupervisor;
import io.chektbridge.daemon.link.line.Backoff;
import io.chektbridge.daemon.ops.Alerts;
import io.chektbridge.daemon.ops.Metrics;
import io.chektbridge.daemon.store.Database;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The pieces a panel link writes through, real ones: H2 in a temp folder, the journal with its
 * fsync, link supervision on a clock the test moves. Links reconnect fast so the test does not
 * wait.
 */
public final class LinkTestBed implements AutoCloseable {
  public static final Backoff FAST = new Backoff(Duration.ofMillis(50), Duration.ofMillis(200));

  public final ManualClock clock = new ManualClock(Instant.parse("2026-01-15T10:00:00Z"));
  public final Metrics metrics = new Metrics();
  public final Alerts alerts = new Alerts(clock);
  public final Database database;
  public final SegmentEventJournal journal;
  public final LinkSupervisor supervisor;
  public final BridgeConfig config;
  private final List<AutoCloseable> links = new ArrayList<>();

  /**
   * @param receiversYaml the {@code receivers:} section's content, indented by two spaces
   */
  public LinkTestBed(Path dir, String receiversYaml) throws Exception {
    config = ConfigLoader.parse("receivers:\n" + receiversYaml, dir);
    database = Database.open(dir.resolve("data"));
    journal = SegmentEventJournal.open(database, metrics, alerts, 1000);
    supervisor = new LinkSupervisor(journal, alerts, clock, Map.of());
  }

  public LinkContext context() {
    return new LinkContext(
        journal,
        supervisor,
        new LinkStats(),
        new LinkOutages(alerts),
        metrics,
        clock,
        config.receivers().dc09());
  }

  /** Closes {@code link} with the test bed, before the journal. */
  public <T extends AutoCloseable> T own(T link) {
    links.add(link);
    return link;
  }

  /** Rows of the database once every acknowledged message has been copied into it. */
  public List<String> rows(String sql) throws Exception {
    return DatabaseRows.of(journal, database, sql);
  }

  public boolean tcpConnected(String name) {
    return metrics.render().contains("chekt_bridge_tcp_link_connected{link=\"" + name + "\"} 1");
  }

  @Override
  public void close() throws Exception {
    for (AutoCloseable link : links) {
      link.close();
    }
    journal.close();
    database.close();
  }
}
