package io.chektbridge.daemon.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chektbridge.daemon.BridgeVersion;
import io.chektbridge.daemon.Daemon;
import io.chektbridge.daemon.cloud.fake.FakeChektCloud;
import io.chektbridge.daemon.config.SecretFiles;
import io.chektbridge.daemon.ops.AlertKind;
import io.chektbridge.daemon.testing.BridgeYaml;
import io.chektbridge.daemon.testing.DaemonProcess;
import io.chektbridge.daemon.testing.PanelSocket;
import io.chektbridge.daemon.time.HostClock;
import io.chektbridge.sia.Dc09Token;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /metrics} of a running daemon has what an operator expects (build info, active alerts by
 * name, outbox gauges, JVM and process figures), every name follows Prometheus' conventions, and
 * the Grafana dashboard in docs/ asks only for metrics the daemon serves.
 */
class OperatorMetricsTest {
  private static final Path DASHBOARD = Path.of("..", "docs", "grafana-dashboard.json");
  private static final Pattern METRIC =
      Pattern.compile("\\b((?:chekt_bridge|jvm|process)_[a-z0-9_]+)");

  @TempDir Path dir;

  @Test
  void metricsAnOperatorExpectsWithPrometheusNames() throws Exception {
    try (FakeChektCloud cloud = new FakeChektCloud().apiKey("key-1").site("site_1", "disarmed")) {
      Path key = dir.resolve("api-key");
      SecretFiles.write(key, "key-1");
      var config =
          BridgeYaml.in(dir)
              .cloud("site_1", cloud.baseUrl(), key)
              .serial(dir.resolve("ttyUSB9"))
              .tcpClientLink("nport-1", DaemonProcess.freePort())
              .parse();
      try (Daemon daemon = new Daemon(config, HostClock.system())) {
        daemon.start();
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> daemon.alerts().isActive(AlertKind.PANEL_LINK_DOWN));
        int port = daemon.statusServer().boundAddress().getPort();
        try (Socket panel = new Socket("127.0.0.1", daemon.dc09Receiver().port())) {
          panel.setSoTimeout(5000);
          panel.getOutputStream().write(PanelSocket.frame(Dc09Token.NULL, "1234", "0001", ""));
          PanelSocket.readFrame(panel.getInputStream());
        }
        PrometheusText m = PrometheusText.parse(DaemonProcess.get(port, "/metrics").body());

        assertThat(m.value("chekt_bridge_build_info", Map.of("version", BridgeVersion.get())))
            .isEqualTo(1);
        assertThat(m.value("chekt_bridge_alert_active", Map.of("alert", "PANEL_LINK_DOWN")))
            .isEqualTo(1);
        assertThat(m.value("chekt_bridge_outbox_pending", Map.of())).isZero();
        assertThat(m.value("chekt_bridge_outbox_oldest_pending_age_seconds", Map.of())).isZero();
        assertThat(m.value("chekt_bridge_outbox_dead_letter", Map.of())).isZero();
        assertThat(m.value("jvm_memory_used_bytes", Map.of("area", "heap"))).isPositive();
        assertThat(m.value("jvm_threads_current", Map.of())).isPositive();
        assertThat(m.value("process_open_fds", Map.of())).isPositive();
        assertThat(m.value("process_resident_memory_bytes", Map.of())).isGreaterThan(10_000_000);
        assertThat(m.value("process_cpu_seconds_total", Map.of())).isPositive();
        assertThat(m.types).containsEntry("jvm_gc_collection_seconds_total", "counter");
        assertThat(m.samples)
            .anyMatch(
                s -> s.name().equals("jvm_gc_collections_total") && s.labels().containsKey("gc"));

        m.types.forEach(
            (name, type) -> {
              assertThat(name).matches("(chekt_bridge|jvm|process)_[a-z0-9_]+");
              if (type.equals("counter")) {
                assertThat(name).as("a counter's name ends in _total").endsWith("_total");
              } else {
                assertThat(name).as("only counters end in _total").doesNotEndWith("_total");
              }
              if (type.equals("histogram")) {
                assertThat(name).as("a histogram names its unit").endsWith("_seconds");
              }
            });

        daemon.alerts().clear(AlertKind.PANEL_LINK_DOWN);
        PrometheusText after = PrometheusText.parse(DaemonProcess.get(port, "/metrics").body());
        assertThat(after.value("chekt_bridge_alert_active", Map.of("alert", "PANEL_LINK_DOWN")))
            .as("a cleared alert reads 0, its series stays")
            .isZero();

        assertThat(dashboardMetrics()).allSatisfy(name -> assertThat(m.types).containsKey(name));
      }
    }
  }

  /**
   * Every metric family the dashboard's queries name (histogram series reduced to their family).
   */
  private static Set<String> dashboardMetrics() throws Exception {
    JsonNode dashboard = new ObjectMapper().readTree(Files.readString(DASHBOARD));
    Set<String> names = new TreeSet<>();
    for (JsonNode panel : dashboard.path("panels")) {
      for (JsonNode target : panel.path("targets")) {
        Matcher matcher = METRIC.matcher(target.path("expr").asText());
        while (matcher.find()) {
          names.add(matcher.group(1).replaceFirst("_bucket$", ""));
        }
      }
    }
    assertThat(names).hasSizeGreaterThan(15);
    return names;
  }
}
