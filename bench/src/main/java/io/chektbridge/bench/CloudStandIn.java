package io.chektbridge.bench;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.LongAdder;

/**
 * A healthy CHeKT cloud for the latency bench, on loopback: the events endpoint (the CHeKT API
 * contract §5) answers 200 to a request with the right API key and an Idempotency-Key, with a
 * rate-limit budget that never runs low, and hands each body with its arrival time to an {@link
 * Arrivals} sink. Timing starts when the request line and headers are in, before the body is read,
 * which is when the cloud "has" the request. Anything else gets the §8 error form and is counted,
 * so a bench run can show it was talking to the endpoint it meant to. Deliberately not the test
 * suite's fake: no idempotency store, state table or fault injection, nothing that would add its
 * own cost to the figure.
 */
final class CloudStandIn implements AutoCloseable {
  /** Where accepted event bodies go, with {@link System#nanoTime} at arrival. */
  interface Arrivals {
    void arrived(long nanos, byte[] body);
  }

  private static final long EVENT_API_PER_SECOND = 10_000;

  private final LoopbackHttpServer server;
  private final String eventsPath;
  private final String authorization;
  private final Arrivals arrivals;
  private final LongAdder refused = new LongAdder();

  CloudStandIn(String eventsPath, String apiKey, Arrivals arrivals) throws IOException {
    this.eventsPath = eventsPath;
    this.authorization = "Bearer " + apiKey;
    this.arrivals = arrivals;
    this.server = new LoopbackHttpServer(2, this::handle);
  }

  String baseUrl() {
    return server.baseUrl();
  }

  /** Requests answered with an error: wrong path, method, key or a missing Idempotency-Key. */
  long refused() {
    return refused.sum();
  }

  /** A §8 error answer: status, error name, message. */
  private record Refusal(int status, String error, String message) {
    String json() {
      return "{\"error\":\"" + error + "\",\"message\":\"" + message + "\"}";
    }
  }

  private void handle(HttpExchange ex) throws IOException {
    long nanos = System.nanoTime();
    try (ex;
        InputStream in = ex.getRequestBody()) {
      byte[] body = in.readAllBytes();
      Refusal refusal = refusal(ex);
      if (refusal != null) {
        refused.increment();
        answer(ex, refusal.status(), refusal.json());
        return;
      }
      arrivals.arrived(nanos, body);
      answer(ex, 200, "{\"status\":\"accepted\"}");
    }
  }

  /** Why the events endpoint would refuse this request, or null when it takes it. */
  private Refusal refusal(HttpExchange ex) {
    String path = ex.getRequestURI().getPath();
    if (!ex.getRequestMethod().equals("POST") || !path.equals(eventsPath)) {
      return new Refusal(
          404, "NotFound", "no " + ex.getRequestMethod() + " " + path + " on this stand-in");
    }
    if (!authorization.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
      return new Refusal(401, "Unauthorized", "unknown API key");
    }
    if (ex.getRequestHeaders().getFirst("Idempotency-Key") == null) {
      return new Refusal(400, "ValidationError", "Idempotency-Key is required");
    }
    return null;
  }

  private static void answer(HttpExchange ex, int status, String json) throws IOException {
    ex.getResponseHeaders().set("X-RateLimit-Limit", Long.toString(EVENT_API_PER_SECOND));
    ex.getResponseHeaders().set("X-RateLimit-Remaining", Long.toString(EVENT_API_PER_SECOND - 1));
    ex.getResponseHeaders()
        .set("X-RateLimit-Reset", Long.toString(System.currentTimeMillis() / 1000 + 1));
    LoopbackHttpServer.answer(ex, status, json);
  }

  @Override
  public void close() {
    server.close();
  }
}
