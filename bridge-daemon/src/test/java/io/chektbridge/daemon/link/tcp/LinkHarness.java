package io.chektbridge.daemon.link.tcp;

import io.chektbridge.daemon.config.BridgeConfig;
import io.chektbridge.daemon.config.ConfigLoader;
import io.chektbridge.daemon.journal.H2EventJournal;
import io.chektbridge.daemon.link.LinkStats;
import io.chektbridge.daemon.link.LinkSupervisor;
import io.chektbridge.daemon.link.serial.LinkContext;
import io.chektbridge.daemon.link.serial.SerialLink;
import io.chektbridge.daemon.ops.Alerts;
import io.chektbridge.daemon.ops.Metrics;
import io.chektbridge.daemon.store.Database;
import io.chektbridge.daemon.testing.ManualClock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The pieces a tcp link writes through, real ones: H2 in a temp folder, the journal with its fsync,
 * link supervision on a clock the test moves. Links reconnect fast so the test does not wait.
 */
final class LinkHarness implements AutoCloseable {
  static final SerialLink.Backoff FAST = new SerialLink.Backoff(Duration.ofMillis(50), Duration.ofMillis(200));

  final ManualClock clock = new ManualClock(Instant.parse("2026-01-15T10:00:00Z"));
  final Metrics metrics = new Metrics();
  final Alerts alerts = new Alerts(clock);
  final Database database;
  final H2EventJournal journal;
  final LinkSupervisor supervisor;
  final BridgeConfig config;
  TcpLinks links;

  LinkHarness(Path dir, String tcpLinksYaml) throws Exception {
    config = ConfigLoader.parse("receivers:\n  tcp_links:\n" + tcpLinksYaml, dir);
    database = Database.open(dir.resolve("data"));
    journal = new H2EventJournal(database, metrics, alerts, 1000).start();
    supervisor = new LinkSupervisor(journal, alerts, clock, Map.of());
  }

  LinkHarness start() throws Exception {
    LinkContext context = new LinkContext(journal, supervisor, new LinkStats(), metrics, clock,
        config.receivers().dc09());
    links = TcpLinks.start(config.receivers().tcpLinks(), context, FAST);
    return this;
  }

  List<String> rows(String sql) throws Exception {
    List<String> out = new ArrayList<>();
    try (Connection c = database.connection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  boolean connected(String name) {
    return metrics.render().contains("chekt_bridge_tcp_link_connected{link=\"" + name + "\"} 1");
  }

  @Override
  public void close() throws Exception {
    if (links != null) {
      links.close();
    }
    journal.close();
    database.close();
  }
}
