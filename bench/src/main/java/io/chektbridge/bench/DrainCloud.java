package io.chektbridge.bench;

import static io.chektbridge.bench.LoopbackHttpServer.answer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A healthy CHeKT cloud for the drain bench, on loopback: the events endpoint (the CHeKT API
 * contract §5), bulk events (§5.1, or 404 to make the bridge fall back to single events) and the
 * arming endpoint (§4), each answer held back by a fixed round trip. It keeps the first arrival
 * time of every event id and arming key and counts second arrivals; nothing else, so its own cost
 * stays out of the figures.
 */
final class DrainCloud implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final LoopbackHttpServer server;
  private final String eventsPath;
  private final Duration roundTrip;
  private final boolean bulk;
  private final Map<String, Long> firstArrival = new ConcurrentHashMap<>();
  private final AtomicLong lastArrival = new AtomicLong();
  private final LongAdder repeats = new LongAdder();
  private final LongAdder requests = new LongAdder();

  DrainCloud(String eventsPath, Duration roundTrip, boolean bulk) throws IOException {
    this.eventsPath = eventsPath;
    this.roundTrip = roundTrip;
    this.bulk = bulk;
    this.server = new LoopbackHttpServer(16, this::handle);
  }

  String baseUrl() {
    return server.baseUrl();
  }

  /** Distinct events and arming records received. */
  int received() {
    return firstArrival.size();
  }

  /**
   * When {@code id} (an event id or an arming Idempotency-Key) first arrived, nanoTime; null if not
   * yet.
   */
  Long arrival(String id) {
    return firstArrival.get(id);
  }

  long lastArrivalNanos() {
    return lastArrival.get();
  }

  /** Items that arrived again under an id already stored (the cloud would replay them). */
  long repeats() {
    return repeats.sum();
  }

  long requests() {
    return requests.sum();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex;
        InputStream in = ex.getRequestBody()) {
      byte[] body = in.readAllBytes();
      requests.increment();
      String path = ex.getRequestURI().getPath();
      sleep(roundTrip);
      if (path.equals(eventsPath + "/bulk")) {
        if (!bulk) {
          answer(ex, 404, "{\"error\":\"NotFound\",\"message\":\"no bulk endpoint\"}");
          return;
        }
        answer(ex, 200, bulkAnswer(JSON.readTree(body).path("events")));
      } else if (path.equals(eventsPath)) {
        arrived(JSON.readTree(body).path("event_id").asText());
        answer(ex, 201, "{\"status\":\"accepted\"}");
      } else if (path.endsWith("/arming-state")) {
        arrived(ex.getRequestHeaders().getFirst("Idempotency-Key"));
        answer(ex, 200, "{\"status\":\"accepted\"}");
      } else {
        answer(ex, 404, "{\"error\":\"NotFound\",\"message\":\"not on this stand-in\"}");
      }
    }
  }

  private String bulkAnswer(JsonNode items) {
    ArrayNode results = JSON.createArrayNode();
    for (JsonNode item : items) {
      String id = item.path("event_id").asText();
      results.add(
          JSON.createObjectNode()
              .put("event_id", id)
              .put("status", arrived(id) ? "accepted" : "replayed"));
    }
    ObjectNode out = JSON.createObjectNode();
    out.set("results", results);
    return out.toString();
  }

  private boolean arrived(String id) {
    long now = System.nanoTime();
    boolean first = firstArrival.putIfAbsent(id, now) == null;
    if (first) {
      lastArrival.accumulateAndGet(now, Math::max);
    } else {
      repeats.increment();
    }
    return first;
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    server.close();
  }
}
