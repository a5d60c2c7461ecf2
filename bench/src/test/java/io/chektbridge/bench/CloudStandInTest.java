package io.chektbridge.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CloudStandInTest {
  private static final String KEY = "chekt_test_0123456789abcdef0123456789abcdef";
  private final List<String> bodies = new CopyOnWriteArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();
  private CloudStandIn cloud;

  @BeforeEach
  void start() throws Exception {
    cloud =
        new CloudStandIn(
            "/ext/v1/events",
            KEY,
            (nanos, body) -> bodies.add(new String(body, StandardCharsets.UTF_8)));
  }

  @AfterEach
  void stop() {
    cloud.close();
  }

  @Test
  void takesAnEventWithTheKeyAndAnIdempotencyKeyAndHandsOnItsBody() throws Exception {
    HttpResponse<String> r =
        post("/ext/v1/events", "Bearer " + KEY, "evt:site:1", "{\"event_id\":\"a\"}");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("X-RateLimit-Remaining")).isPresent();
    assertThat(bodies).containsExactly("{\"event_id\":\"a\"}");
    assertThat(cloud.refused()).isZero();
  }

  @Test
  void refusesWhatTheEventsEndpointWouldRefuseAndKeepsItOutOfTheFigures() throws Exception {
    assertThat(post("/ext/v1/events", "Bearer wrong", "k1", "{}").statusCode()).isEqualTo(401);
    assertThat(post("/ext/v1/events", "Bearer " + KEY, null, "{}").statusCode()).isEqualTo(400);
    HttpResponse<String> notFound = post("/v1/sites/s/arming-state", "Bearer " + KEY, "k2", "{}");
    assertThat(notFound.statusCode()).isEqualTo(404);
    assertThat(notFound.body()).contains("\"error\":\"NotFound\"");
    assertThat(bodies).isEmpty();
    assertThat(cloud.refused()).isEqualTo(3);
  }

  private HttpResponse<String> post(
      String path, String authorization, String idempotencyKey, String body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(cloud.baseUrl() + path))
            .header("Authorization", authorization)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (idempotencyKey != null) {
      b.header("Idempotency-Key", idempotencyKey);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
