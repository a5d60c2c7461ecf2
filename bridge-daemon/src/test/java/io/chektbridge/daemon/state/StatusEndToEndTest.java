package io.chektbridge.daemon.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chektbridge.daemon.Daemon;
import io.chektbridge.daemon.cloud.CloudAuditPage;
import io.chektbridge.daemon.config.BridgeConfig;
import io.chektbridge.daemon.config.HostPort;
import io.chektbridge.daemon.outbox.OutboxStore;
import io.chektbridge.daemon.status.AuditRoute;
import io.chektbridge.daemon.status.SiteSections;
import io.chektbridge.daemon.status.StatusRegistry;
import io.chektbridge.daemon.status.StatusServer;
import io.chektbridge.daemon.testing.BridgeYaml;
import io.chektbridge.daemon.testing.DaemonProcess;
import io.chektbridge.daemon.time.HostClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed-000 scenarios end to end from panel_event rows: real H2, the engine, the status port's
 * /status JSON (the fixed field names in README) and /audit; then the real Daemon wiring.
 */
class StatusEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private JsonNode get(StatusServer server, String path) throws Exception {
    var resp = DaemonProcess.get(server.boundAddress().getPort(), path);
    assertThat(resp.statusCode()).isEqualTo(200);
    return JSON.readTree(resp.body());
  }

  private static JsonNode partition(JsonNode status, int n) {
    for (JsonNode p : status.get("partitions")) {
      if (p.get("number").asInt() == n) {
        return p;
      }
    }
    throw new AssertionError("no partition " + n + " in " + status);
  }

  private static JsonNode zone(JsonNode status, int n) {
    for (JsonNode z : status.get("zones")) {
      if (z.get("number").asInt() == n) {
        return z;
      }
    }
    throw new AssertionError("no zone " + n + " in " + status);
  }

  @Test
  void threeScenariosShowOnStatusAndInTheAuditTrail() throws Exception {
    try (StateHarness h = StateHarness.house(dir, StateHarness.E750_ZONE_OPEN)) {
      StatusRegistry registry = new StatusRegistry();
      StatusServer server =
          new StatusServer(
              new HostPort("127.0.0.1", 0), null, "test", h.clock, registry, h.alerts, h.metrics);
      server.start();
      try {
        SiteSections.register(registry, server.events(), h.engine);
        server.route(
            "/audit",
            new AuditRoute(new StateStore(h.db), new CloudAuditPage(new OutboxStore(h.db))::answer)
                ::answer);

        // Scenario 1
        h.cid("E374", 1, 5, 3);
        JsonNode s = get(server, "/status");
        assertThat(partition(s, 1).get("state").asText()).isEqualTo("disarmed");
        assertThat(zone(s, 5).get("state").asText()).isEqualTo("open");
        assertThat(zone(s, 5).get("name").asText()).isEqualTo("Back Door");
        assertThat(zone(s, 5).get("type").asText()).isEqualTo("entry_exit");
        assertThat(zone(s, 5).get("last_event").asText()).isEqualTo("2026-01-15T10:00:00Z");
        assertThat(zone(s, 3).get("state").asText()).as("never reported").isEqualTo("unknown");
        assertThat(server.events().published())
            .as("zone 5 and partition 1 changes on /events")
            .isEqualTo(2);
        h.cid("E753", 1, 5, null);
        h.advance(Duration.ofSeconds(5));

        // Scenario 2
        h.cid("R401", 1, null, 3);
        JsonNode p = partition(get(server, "/status"), 1);
        assertThat(p.get("name").asText()).isEqualTo("House");
        assertThat(p.get("state").asText()).isEqualTo("arming_in_progress");
        assertThat(p.get("user").asText()).isEqualTo("3");
        assertThat(p.get("target_mode").asText()).isEqualTo("away");
        assertThat(p.get("since").asText()).isEqualTo("2026-01-15T10:00:05Z");
        assertThat(p.get("delay_ends").asText()).isEqualTo("2026-01-15T10:01:05Z");
        h.advance(Duration.ofSeconds(60));
        p = partition(get(server, "/status"), 1);
        assertThat(p.get("state").asText()).isEqualTo("armed_away");
        assertThat(p.get("user").asText()).isEqualTo("3");
        assertThat(p.get("delay_ends").isNull()).isTrue();

        // Scenario 3
        h.cid("E750", 1, 3, null);
        p = partition(get(server, "/status"), 1);
        assertThat(p.get("state").asText()).isEqualTo("entry_delay");
        assertThat(p.get("delay_ends").asText()).isEqualTo("2026-01-15T10:01:35Z");
        h.advance(Duration.ofSeconds(10));
        h.cid("E401", 1, null, 3);
        h.advance(Duration.ofSeconds(60));
        p = partition(get(server, "/status"), 1);
        assertThat(p.get("state").asText()).isEqualTo("disarmed");
        assertThat(p.get("since").asText()).isEqualTo("2026-01-15T10:01:15Z");

        JsonNode audit = get(server, "/audit?since=2026-01-15T10:00:05Z&partition=1");
        assertThat(audit)
            .extracting(
                a ->
                    a.get("from").asText()
                        + "→"
                        + a.get("to").asText()
                        + ":"
                        + a.get("outcome").asText())
            .containsExactly(
                "disarmed→arming_in_progress:changed",
                "arming_in_progress→armed_away:delay_elapsed",
                "unknown→open:changed",
                "armed_away→entry_delay:changed",
                "entry_delay→disarmed:changed");
        assertThat(audit.get(1).get("panel_event_id").isNull())
            .as("the exit delay ended by the timer")
            .isTrue();
        assertThat(audit.get(4).get("user").asText()).isEqualTo("3");
        assertThat(
                DaemonProcess.get(server.boundAddress().getPort(), "/audit?since=yesterday")
                    .statusCode())
            .isEqualTo(400);
        var negative = DaemonProcess.get(server.boundAddress().getPort(), "/audit?limit=-1");
        assertThat(negative.statusCode()).isEqualTo(400);
        assertThat(negative.body()).isEqualTo("bad query: limit must be from 1 to 10000, not -1\n");
      } finally {
        server.close();
      }
    }
  }

  /**
   * The real Daemon wiring: panel_event rows in its H2, then /status, and the audit and walk-test
   * commands.
   */
  @Test
  void daemonAppliesPanelEventsAndTheCliReadsThem() throws Exception {
    BridgeConfig config =
        BridgeYaml.in(dir)
            .site(StateHarness.SITE_ID)
            .partition(1, "House", "0s", "30s")
            .zone(3, "Front Door", 1, "entry_exit", "camera_id", "cam_front")
            .zone(5, "Back Door", 1, "entry_exit", "camera_id", "cam_xyz789")
            .zone(7, "Hall PIR", 1, "interior")
            .parse();
    try (Daemon daemon = new Daemon(config, HostClock.system())) {
      daemon.start();
      int port = daemon.statusServer().boundAddress().getPort();
      Instant walkStart = Instant.now().minusSeconds(1);
      // a second connection to the daemon's database, as the journal has (closing a Database would
      // shut H2 down)
      try (java.sql.Connection db =
          java.sql.DriverManager.getConnection(
              "jdbc:h2:file:"
                  + dir.resolve("data").toAbsolutePath().resolve("chekt-bridge")
                  + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE",
              "bridge",
              "")) {
        PanelEventRow.contactId(Instant.now(), "R401", 1, null, 3).insertInto(db);
        long last = PanelEventRow.contactId(Instant.now(), "E130", 1, 42, null).insertInto(db);
        daemon.stateEngine().committed(last);
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> daemon.stateEngine().snapshot().cursor() == last);
      }
      JsonNode s = JSON.readTree(DaemonProcess.get(port, "/status").body());
      assertThat(partition(s, 1).get("state").asText()).isEqualTo("alarm");
      assertThat(zone(s, 42).get("mapped").asBoolean()).isFalse();

      String url = "http://127.0.0.1:" + port + "/";
      var audit = new java.io.StringWriter();
      var cmd =
          io.chektbridge.daemon.cli.Main.commandLine()
              .setOut(new java.io.PrintWriter(audit))
              .setErr(new java.io.PrintWriter(audit));
      assertThat(cmd.execute("audit", "--url", url, "--since", "1h")).as(audit.toString()).isZero();
      assertThat(audit.toString())
          .contains("disarmed → armed_away")
          .contains("armed_away → alarm")
          .contains("user 3 (keypad)");

      var walk = new java.io.StringWriter();
      cmd = io.chektbridge.daemon.cli.Main.commandLine().setOut(new java.io.PrintWriter(walk));
      assertThat(cmd.execute("walk-test", "--url", url, "--once", "--since", walkStart.toString()))
          .isZero();
      assertThat(walk.toString())
          .containsPattern("42 +Zone 42 .*UNMAPPED")
          .containsPattern("5 +Back Door +entry_exit .*not tripped yet");
    }
  }
}
