package io.chektbridge.daemon.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chektbridge.daemon.config.HostPort;
import io.chektbridge.daemon.ops.AlertKind;
import io.chektbridge.daemon.ops.Alerts;
import io.chektbridge.daemon.ops.Metrics;
import io.chektbridge.daemon.testing.ManualClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The status port over real loopback sockets. */
class StatusServerTest {
  private final ManualClock clock = new ManualClock(Instant.parse("2026-01-15T10:30:00Z"));
  private final Metrics metrics = new Metrics();
  private final Alerts alerts = new Alerts(clock);
  private final StatusRegistry registry = new StatusRegistry();
  private final AtomicBoolean receiverBound = new AtomicBoolean(false);
  private final HttpClient http = HttpClient.newHttpClient();
  private StatusServer server;

  @BeforeEach
  void start() throws Exception {
    registry.readiness("dc09-receiver", receiverBound::get);
    registry.section("site", () -> Map.of("id", "site_abc123"));
    registry.section(
        "partitions", () -> List.of(Map.of("number", 1, "name", "House", "state", "armed_away")));
    registry.section(
        "zones", () -> List.of(Map.of("number", 5, "name", "Back <Door>", "state", "open")));
    registry.section("outbox", () -> Map.of("pending", 3, "dead_letter", 0));
    metrics
        .counter("chekt_bridge_frames_total", "Frames received", Metrics.label("result", "ack"))
        .add(7);
    metrics
        .counter("chekt_bridge_frames_total", "Frames received", Metrics.label("result", "nak_crc"))
        .add(2);
    metrics.gauge("chekt_bridge_outbox_depth", "Outbox rows pending", "", () -> 3);
    Metrics.Histogram commit =
        metrics.histogram("chekt_bridge_journal_commit_seconds", "Journal commit latency");
    commit.observeNanos(400_000);
    commit.observeNanos(3_000_000);
    commit.observeNanos(20_000_000_000L);
    alerts.raise(AlertKind.SYNC_LATE, "oldest event waits 120 s");
    server = start(new HostPort("127.0.0.1", 0), null);
  }

  private StatusServer start(HostPort listen, String token) throws Exception {
    StatusServer s = new StatusServer(listen, token, "1.0.0", clock, registry, alerts, metrics);
    s.start();
    return s;
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(url(server, path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static URI url(StatusServer s, String path) {
    return URI.create("http://127.0.0.1:" + s.boundAddress().getPort() + path);
  }

  @Test
  void healthzAnswersAndReadyzFollowsReceivers() throws Exception {
    assertThat(get("/healthz").statusCode()).isEqualTo(200);
    HttpResponse<String> notReady = get("/readyz");
    assertThat(notReady.statusCode()).isEqualTo(503);
    assertThat(notReady.body()).contains("dc09-receiver");
    receiverBound.set(true);
    assertThat(get("/readyz").statusCode()).isEqualTo(200);
  }

  @Test
  void uptimeIsElapsedTimeWhateverTheWallClockDoes() throws Exception {
    clock.advance(Duration.ofSeconds(90));
    clock.stepWallClock(Duration.ofDays(-1));
    assertThat(new ObjectMapper().readTree(get("/status").body()).path("uptime_s").asLong())
        .isEqualTo(90);
  }

  @Test
  void statusIsTheDesignJson() throws Exception {
    HttpResponse<String> r = get("/status");
    assertThat(r.headers().firstValue("content-type")).contains("application/json");
    JsonNode s = new ObjectMapper().readTree(r.body());
    assertThat(s.path("version").asText()).isEqualTo("1.0.0");
    assertThat(s.path("uptime_s").asLong()).isZero();
    assertThat(s.path("site").path("id").asText()).isEqualTo("site_abc123");
    assertThat(s.path("partitions").get(0).path("state").asText()).isEqualTo("armed_away");
    assertThat(s.path("outbox").path("pending").asInt()).isEqualTo(3);
    assertThat(s.path("alerts").get(0).path("name").asText()).isEqualTo("SYNC_LATE");
    assertThat(s.path("alerts").get(0).path("since").asText()).isEqualTo("2026-01-15T10:30:00Z");
    assertThat(s.path("alerts").get(0).path("meaning").asText())
        .as("what the installer reads it as")
        .contains("more than 5 s");
  }

  @Test
  void metricsParseAsPrometheusText() throws Exception {
    HttpResponse<String> r = get("/metrics");
    assertThat(r.headers().firstValue("content-type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("text/plain; version=0.0.4"));
    PrometheusText p = PrometheusText.parse(r.body());
    assertThat(p.types)
        .containsEntry("chekt_bridge_frames_total", "counter")
        .containsEntry("chekt_bridge_journal_commit_seconds", "histogram")
        .containsEntry("chekt_bridge_outbox_depth", "gauge");
    assertThat(p.value("chekt_bridge_frames_total", Map.of("result", "nak_crc"))).isEqualTo(2);
    assertThat(p.value("chekt_bridge_outbox_depth", Map.of())).isEqualTo(3);
    assertThat(p.bucket("chekt_bridge_journal_commit_seconds", 0.0005)).isEqualTo(1);
    assertThat(p.bucket("chekt_bridge_journal_commit_seconds", 10)).isEqualTo(2);
    assertThat(p.bucket("chekt_bridge_journal_commit_seconds", Double.POSITIVE_INFINITY))
        .isEqualTo(3);
    assertThat(p.value("chekt_bridge_journal_commit_seconds_count", Map.of())).isEqualTo(3);
  }

  @Test
  void theParserRejectsBrokenText() {
    assertThatThrownBy(() -> PrometheusText.parse("x_total 1\n"))
        .hasMessageContaining("before its # TYPE");
    assertThatThrownBy(() -> PrometheusText.parse("# TYPE x counter\nx{a=b} 1\n"))
        .hasMessageContaining("not valid");
    assertThatThrownBy(() -> PrometheusText.parse("# TYPE x counter\nx one\n"))
        .hasMessageContaining("bad value");
  }

  @Test
  void htmlPageShowsTheKeyFactsSelfContained() throws Exception {
    HttpResponse<String> r = get("/");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type")).contains("text/html; charset=utf-8");
    assertThat(r.headers().firstValue("content-security-policy"))
        .contains(StatusServer.PAGE_POLICY);
    String html = r.body();
    assertThat(html)
        .contains(
            "Site site_abc123",
            "House",
            "Armed away",
            "SYNC_LATE",
            "oldest event waits 120 s",
            "Bridge not ready: dc09-receiver",
            "cloud: 3 events waiting",
            "Start walk-test");
    assertThat(html)
        .as("the alert's meaning on hover")
        .contains("title=\"events have waited more than 5 s");
    assertThat(html)
        .as("without scripts it reloads itself")
        .contains("<noscript><meta http-equiv=\"refresh\"");
    assertThat(html).contains("Back &lt;Door&gt;").doesNotContain("Back <Door>");
    assertThat(html).doesNotContain("<link", "src=", "http://", "https://", "@import", "url(");
  }

  @Test
  void walkTestStartsWithARedirectToItsStartTimeAndTheFragmentIsTheLivePart() throws Exception {
    HttpResponse<String> start = get("/?walk=1");
    assertThat(start.statusCode()).isEqualTo(303);
    assertThat(start.headers().firstValue("location"))
        .hasValue("/?walk=1&from=" + clock.instant().toEpochMilli());
    registry.section(
        "zones",
        () ->
            List.of(
                Map.of(
                    "number",
                    5,
                    "name",
                    "Back Door",
                    "state",
                    "open",
                    "mapped",
                    true,
                    "last_event",
                    "2026-01-15T10:30:00Z"),
                Map.of(
                    "number",
                    6,
                    "name",
                    "Hall",
                    "state",
                    "normal",
                    "mapped",
                    true,
                    "last_event",
                    "2026-01-15T10:29:59Z")));
    HttpResponse<String> fragment =
        get("/?walk=1&from=" + clock.instant().toEpochMilli() + "&fragment=1");
    assertThat(fragment.body())
        .startsWith("<main id=\"live\"")
        .contains("1 of 2 zones tested")
        .doesNotContain("<html", "<script");
  }

  @Test
  void eventsStreamDeliversPublishedEvents() throws Exception {
    HttpResponse<Stream<String>> r =
        http.send(
            HttpRequest.newBuilder(url(server, "/events")).build(),
            HttpResponse.BodyHandlers.ofLines());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
    await().atMost(Duration.ofSeconds(5)).until(() -> server.events().subscribers() == 1);
    server.events().publish("zone", Map.of("zone", 5, "state", "open"));
    Iterator<String> lines = r.body().iterator();
    assertTimeoutPreemptively(
        Duration.ofSeconds(10),
        () -> {
          String line;
          do {
            line = lines.next();
          } while (!line.startsWith("event:"));
          assertThat(line).isEqualTo("event: zone");
          assertThat(lines.next())
              .startsWith("data: {")
              .contains("\"zone\":5", "\"state\":\"open\"");
        });
    r.body().close();
  }

  @Test
  void publishRejectsABadEventType() {
    assertThatThrownBy(() -> server.events().publish("Zone Open\n", Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("event type");
  }

  @Test
  void withATokenEverythingButHealthzNeedsIt() throws Exception {
    try (StatusServer guarded = start(new HostPort("127.0.0.1", 0), "s3cret-token")) {
      for (String path : List.of("/status", "/metrics", "/", "/events", "/readyz")) {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(url(guarded, path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path).isEqualTo(401);
      }
      assertThat(
              http.send(
                      HttpRequest.newBuilder(url(guarded, "/healthz")).build(),
                      HttpResponse.BodyHandlers.ofString())
                  .statusCode())
          .isEqualTo(200);
      assertThat(
              http.send(
                      HttpRequest.newBuilder(url(guarded, "/status"))
                          .header("Authorization", "Bearer s3cret-token")
                          .build(),
                      HttpResponse.BodyHandlers.ofString())
                  .statusCode())
          .isEqualTo(200);
    }
  }
}
