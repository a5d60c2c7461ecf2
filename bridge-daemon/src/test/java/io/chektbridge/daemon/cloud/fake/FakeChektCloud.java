package io.chektbridge.daemon.cloud.fake;

import static io.chektbridge.daemon.cloud.fake.Answer.error;
import static io.chektbridge.daemon.cloud.fake.Answer.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fake CHeKT cloud on loopback implementing the "assumed" rows of the CHeKT API contract §2–§10:
 * token endpoint with RS256 assertion checks, API keys, the arming state table and stale check,
 * events with the idempotency store and the duplicate-event_id counter, rate limiting with
 * X-RateLimit-* headers, fault injection, and a request log. Tests drive it through its Java
 * methods; the {@code /__admin/*} HTTP surface of §10 maps onto the same methods.
 *
 * <p>This class is the HTTP side (routing, API keys, events, bulk and the idempotency store, rate
 * limits, latency, the request log); the arming state lives in {@link ArmingTable}, the token
 * endpoint in {@link TokenEndpoint}, injected faults in {@link FaultQueue}, and the cloud's time in
 * {@link FakeClock}.
 */
public final class FakeChektCloud implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern ARMING = Pattern.compile("/v1/sites/([^/]+)/arming-state");
  private static final Pattern ARMING_READ = Pattern.compile("/ext/v1/sites/([^/]+)/arming");

  static {
    // the JDK server writes headers and body in separate packets; without TCP_NODELAY each response
    // waits ~40 ms on Nagle + delayed ACK, which would make the fake, not the bridge, the
    // bottleneck
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  private final HttpServer server;
  private final ExecutorService pool = Executors.newFixedThreadPool(16);
  private final Object lock = new Object();
  private final Set<String> apiKeys = ConcurrentHashMap.newKeySet();
  private final FakeClock clock = new FakeClock();
  private final ArmingTable armingTable = new ArmingTable(clock);
  private final FaultQueue faults = new FaultQueue();
  private final TokenEndpoint tokenEndpoint;
  private final Map<String, Stored> idempotency = new HashMap<>();
  private final List<JsonNode> events = new ArrayList<>();
  private final Map<String, Integer> eventIds = new HashMap<>();
  private final List<RecordedRequest> requests = new ArrayList<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();
  private volatile int rateLimit = 10_000;
  private volatile long rateWindowSeconds = 1;
  private final Map<String, Integer> refusedKeys = new ConcurrentHashMap<>();
  private volatile boolean nestedErrors;
  private final AtomicInteger requestIds = new AtomicInteger();

  /**
   * Off unless a test turns it on: the cloud of the single-event tests predates §5.1 (404, then the
   * bridge falls back).
   */
  private volatile boolean bulkEnabled;

  private volatile long latencyMs;
  private int bulkRequests;
  private long windowStart;
  private int usedInWindow;
  private int duplicates;
  private int replays;

  private record Stored(JsonNode payload, int status, String body) {}

  public FakeChektCloud() throws IOException {
    this(null);
  }

  /**
   * Serves https with {@code tls} (its key's certificate must name 127.0.0.1), or plain http when
   * null.
   */
  public FakeChektCloud(javax.net.ssl.SSLContext tls) throws IOException {
    InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    if (tls == null) {
      server = HttpServer.create(loopback, 256);
    } else {
      com.sun.net.httpserver.HttpsServer https =
          com.sun.net.httpserver.HttpsServer.create(loopback, 256);
      https.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(tls));
      server = https;
    }
    server.setExecutor(pool);
    tokenEndpoint = new TokenEndpoint(clock, assertionAudience());
    server.createContext("/", this::handle);
    server.start();
  }

  public URI baseUrl() {
    String scheme = server instanceof com.sun.net.httpserver.HttpsServer ? "https" : "http";
    return URI.create(scheme + "://127.0.0.1:" + server.getAddress().getPort());
  }

  public URI tokenUrl() {
    return baseUrl().resolve("/oauth/token");
  }

  /** The {@code aud} the fake requires in assertions: its own base URL with a trailing slash. */
  public String assertionAudience() {
    return baseUrl() + "/";
  }

  // ---- configuration --------------------------------------------------------------------------

  public FakeChektCloud apiKey(String key) {
    apiKeys.add(key);
    return this;
  }

  public void revokeApiKey(String key) {
    apiKeys.remove(key);
  }

  public FakeChektCloud client(String clientId, PublicKey key) {
    tokenEndpoint.client(clientId, key);
    return this;
  }

  public FakeChektCloud expiresIn(long seconds) {
    tokenEndpoint.expiresIn(seconds);
    return this;
  }

  /**
   * Requests allowed per one-second window across the API (the contract's defaults are far higher).
   */
  /** Without §5.1: the bulk path answers 404, as a cloud that predates it would. */
  public FakeChektCloud bulk(boolean enabled) {
    this.bulkEnabled = enabled;
    return this;
  }

  /**
   * A round trip to emulate: every API answer waits this long (a real internet link, not loopback).
   */
  public FakeChektCloud latency(Duration roundTrip) {
    this.latencyMs = roundTrip.toMillis();
    return this;
  }

  /** Bulk requests accepted for processing (§5.1). */
  public int bulkRequests() {
    synchronized (lock) {
      return bulkRequests;
    }
  }

  public FakeChektCloud rateLimit(int perSecond) {
    return rateLimit(perSecond, Duration.ofSeconds(1));
  }

  /**
   * Requests allowed per window of {@code window} (whole seconds), the window starting with the
   * first request after the last one ended; {@code X-RateLimit-Reset} is the window's end.
   */
  public FakeChektCloud rateLimit(int perWindow, Duration window) {
    rateLimit = perWindow;
    rateWindowSeconds = Math.max(1, window.toSeconds());
    return this;
  }

  /**
   * A poison item: every request or bulk item with this Idempotency-Key is answered {@code status}
   * (a 4xx as a validation error, a 5xx as an internal error), alone and in bulk alike.
   */
  public FakeChektCloud refuse(String idempotencyKey, int status) {
    refusedKeys.put(idempotencyKey, status);
    return this;
  }

  /**
   * Error answers in the nested envelope of the vendor's public error page, {@code
   * {"error":{"code","message","request_id"}}}, instead of the flat one.
   */
  public FakeChektCloud nestedErrors(boolean nested) {
    nestedErrors = nested;
    return this;
  }

  /**
   * Stores {@code payload} under {@code idempotencyKey} for the events endpoint as if the holder of
   * {@code apiKey} had sent it first; the same key with another payload is then a 409.
   */
  public FakeChektCloud holdEventKey(String apiKey, String idempotencyKey, String payload)
      throws IOException {
    synchronized (lock) {
      idempotency.put(
          "key:" + apiKey + "|events|" + idempotencyKey,
          new Stored(JSON.readTree(payload), 201, "{\"status\":\"accepted\"}"));
    }
    return this;
  }

  /** Seeds a site with its partitions, all in {@code initialState}. */
  public FakeChektCloud site(String siteId, String initialState, String... partitions) {
    armingTable.site(siteId, initialState, partitions);
    return this;
  }

  public void fault(Fault f) {
    faults.add(f);
  }

  public void clearFaults() {
    faults.clear();
  }

  public void revokeTokens() {
    tokenEndpoint.revokeAll();
  }

  public void clockOffset(Duration offset) {
    clock.offset(offset);
  }

  // ---- what tests read ------------------------------------------------------------------------

  public List<RecordedRequest> requests() {
    synchronized (lock) {
      return List.copyOf(requests);
    }
  }

  /** The requests to exactly {@code path} (the bulk path is its own). */
  public List<RecordedRequest> requests(String path) {
    return requests().stream().filter(r -> r.path().equals(path)).toList();
  }

  public List<ArmingAudit> audit() {
    return armingTable.audit();
  }

  public List<JsonNode> events() {
    synchronized (lock) {
      return List.copyOf(events);
    }
  }

  public int eventCount() {
    synchronized (lock) {
      return events.size();
    }
  }

  /** Requests and bulk items answered from the idempotency store: sent again under a known key. */
  public int replays() {
    synchronized (lock) {
      return replays;
    }
  }

  /** Events stored again under a different key with an event_id already seen (must stay 0). */
  public int duplicateEventIds() {
    synchronized (lock) {
      return duplicates;
    }
  }

  public String state(String siteId, String partition) {
    return armingTable.state(siteId, partition);
  }

  public int tokenRequests() {
    return tokenEndpoint.requests();
  }

  public int maxConcurrentRequests() {
    return maxInFlight.get();
  }

  // ---- HTTP -----------------------------------------------------------------------------------

  private void handle(HttpExchange ex) throws IOException {
    long nanos = System.nanoTime();
    Instant received = clock.now();
    int concurrent = inFlight.incrementAndGet();
    maxInFlight.accumulateAndGet(concurrent, Math::max);
    // a request stops counting as in flight once its answer is decided: the client may send its
    // next
    // request the moment the answer's bytes arrive, before this thread returns from send()
    boolean counted = true;
    try {
      String path = ex.getRequestURI().getPath();
      String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      Map<String, String> headers = new LinkedHashMap<>();
      ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v.get(0)));
      Fault fault = path.startsWith("/__admin") ? null : faults.take(path);
      if (latencyMs > 0 && !path.startsWith("/__admin")) {
        pause(latencyMs);
      }
      if (fault != null && fault.delayMs() > 0) {
        pause(fault.delayMs());
      }
      if (fault != null && fault.dropConnection()) {
        record(ex.getRequestMethod(), path, headers, body, received, nanos, 0);
        inFlight.decrementAndGet();
        counted = false;
        ex.close();
        return;
      }
      Answer a =
          fault != null && fault.status() > 0
              ? FaultQueue.answer(fault)
              : route(ex.getRequestMethod(), path, headers, body);
      if (!path.startsWith("/__admin")) {
        a = envelope(rateLimited(a));
        String trace = headers.get("x-partner-trace-id");
        if (trace != null) {
          a.headers().put("x-partner-trace-id", trace);
        }
        record(ex.getRequestMethod(), path, headers, body, received, nanos, a.status());
      }
      inFlight.decrementAndGet();
      counted = false;
      send(ex, a);
    } finally {
      if (counted) {
        inFlight.decrementAndGet();
      }
    }
  }

  private static void pause(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Answer rateLimited(Answer a) {
    long second = clock.now().getEpochSecond();
    long windowEnd;
    int remaining;
    synchronized (lock) {
      if (second >= windowStart + rateWindowSeconds) {
        windowStart = second;
        usedInWindow = 0;
      }
      usedInWindow++;
      remaining = rateLimit - usedInWindow;
      windowEnd = windowStart + rateWindowSeconds;
    }
    Answer out = a;
    if (remaining < 0) {
      out =
          error(429, "RateLimited", "rate limit of " + rateLimit + " requests per second exceeded");
      out.headers().put("Retry-After", "1");
    }
    out.headers().put("X-RateLimit-Limit", String.valueOf(rateLimit));
    out.headers().put("X-RateLimit-Remaining", String.valueOf(Math.max(0, remaining)));
    out.headers().put("X-RateLimit-Reset", String.valueOf(windowEnd));
    return out;
  }

  private void record(
      String method,
      String path,
      Map<String, String> headers,
      String body,
      Instant at,
      long nanos,
      int status) {
    synchronized (lock) {
      requests.add(new RecordedRequest(method, path, headers, body, at, nanos, status));
    }
  }

  private static void send(HttpExchange ex, Answer a) throws IOException {
    byte[] bytes = a.body().getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    a.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
    ex.sendResponseHeaders(a.status(), bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  private Answer route(String method, String path, Map<String, String> headers, String body) {
    try {
      if (path.startsWith("/__admin/")) {
        return admin(method, path, body);
      }
      if (path.equals("/oauth/token") && method.equals("POST")) {
        return tokenEndpoint.token(body);
      }
      String credential = credential(headers.get("authorization"));
      if (credential == null) {
        Answer a = error(401, "Unauthorized", "missing, expired or revoked credentials");
        a.headers().put("WWW-Authenticate", "Bearer error=\"invalid_token\"");
        return a;
      }
      Matcher m = ARMING.matcher(path);
      if (method.equals("POST") && m.matches()) {
        return idempotent(
            credential,
            "arming:" + m.group(1),
            headers.get("idempotency-key"),
            body,
            json -> armingTable.arming(m.group(1), json, headers.get("idempotency-key")));
      }
      if (method.equals("POST")
          && (path.equals("/ext/v1/events/bulk") || path.equals("/partner/v1/events/bulk"))) {
        return bulkEnabled
            ? bulk(credential, body)
            : error(404, "NotFound", "no such endpoint " + method + " " + path);
      }
      if (method.equals("POST")
          && (path.equals("/ext/v1/events") || path.equals("/partner/v1/events"))) {
        if (headers.get("idempotency-key") == null) {
          return error(400, "ValidationError", "Missing required header: Idempotency-Key");
        }
        return idempotent(credential, "events", headers.get("idempotency-key"), body, this::event);
      }
      Matcher r = ARMING_READ.matcher(path);
      if (method.equals("GET") && r.matches()) {
        return armingTable.read(r.group(1));
      }
      if (method.equals("GET") && path.equals("/landing.html")) {
        return new Answer(200, "<html>moved</html>", new LinkedHashMap<>());
      }
      return error(404, "NotFound", "no such endpoint " + method + " " + path);
    } catch (IOException e) {
      return error(400, "ValidationError", "body is not JSON");
    }
  }

  private String credential(String authorization) {
    if (authorization == null || !authorization.startsWith("Bearer ")) {
      return null;
    }
    String value = authorization.substring(7);
    if (apiKeys.contains(value)) {
      return "key:" + value;
    }
    String client = tokenEndpoint.clientOf(value);
    return client == null ? null : "client:" + client;
  }

  private interface Handler {
    Answer apply(ObjectNode body) throws IOException;
  }

  /** §5 / P8: same key + same payload → the stored answer, replayed; different payload → 409. */
  private Answer idempotent(
      String credential, String endpoint, String key, String body, Handler handler)
      throws IOException {
    JsonNode tree = JSON.readTree(body);
    if (!(tree instanceof ObjectNode json)) {
      return error(400, "ValidationError", "body must be a JSON object");
    }
    return idempotent(credential, endpoint, key, json, handler);
  }

  private Answer idempotent(
      String credential, String endpoint, String key, ObjectNode json, Handler handler)
      throws IOException {
    String scope = credential + "|" + endpoint + "|" + key;
    Integer refused = key == null ? null : refusedKeys.get(key);
    if (refused != null) {
      return refused >= 500
          ? error(refused, "InternalError", "injected failure of item " + key)
          : error(refused, "ValidationError", "injected refusal of item " + key);
    }
    synchronized (lock) {
      if (key != null) {
        if (key.length() > 255) {
          return error(400, "ValidationError", "Idempotency-Key longer than 255 characters");
        }
        Stored s = idempotency.get(scope);
        if (s != null) {
          if (!s.payload().equals(json)) {
            return error(
                409, "IdempotencyConflict", "Idempotency-Key reused with a different payload");
          }
          Answer replay = new Answer(s.status(), s.body(), new LinkedHashMap<>());
          replay.headers().put("Idempotent-Replayed", "true");
          replays++;
          return replay;
        }
      }
      Answer a = handler.apply(json);
      if (key != null && a.status() / 100 == 2) {
        idempotency.put(scope, new Stored(json, a.status(), a.body()));
      }
      return a;
    }
  }

  /**
   * §5.1: up to 500 events, each with its own {@code idempotency_key}, each answered as if sent
   * alone through the same key store as §5 (a key first sent alone is replayed here, and the other
   * way round).
   */
  private Answer bulk(String credential, String body) throws IOException {
    JsonNode items = JSON.readTree(body).path("events");
    if (!items.isArray() || items.isEmpty() || items.size() > 500) {
      return error(400, "ValidationError", "events must hold 1 to 500 items");
    }
    synchronized (lock) {
      bulkRequests++;
    }
    com.fasterxml.jackson.databind.node.ArrayNode results = JSON.createArrayNode();
    for (JsonNode item : items) {
      if (!(item instanceof ObjectNode e) || !e.hasNonNull("idempotency_key")) {
        return error(400, "ValidationError", "every item needs an idempotency_key");
      }
      ObjectNode payload = e.deepCopy();
      String key = payload.remove("idempotency_key").asText();
      Answer a = idempotent(credential, "events", key, payload, this::event);
      ObjectNode r = JSON.createObjectNode().put("event_id", payload.path("event_id").asText());
      if (a.status() / 100 == 2) {
        r.put(
            "status",
            "true".equals(a.headers().get("Idempotent-Replayed")) ? "replayed" : "accepted");
        r.put("received_at", JSON.readTree(a.body()).path("received_at").asText());
      } else {
        r.put("status", "rejected")
            .put("http_status", a.status())
            .set("error", JSON.readTree(envelope(a).body()));
      }
      results.add(r);
    }
    ObjectNode out = JSON.createObjectNode();
    out.set("results", results);
    return Answer.json(200, out);
  }

  /** An error answer in the nested envelope when a test asked for it; any other answer as is. */
  private Answer envelope(Answer a) {
    if (!nestedErrors || a.status() < 400) {
      return a;
    }
    try {
      JsonNode flat = JSON.readTree(a.body());
      if (!flat.path("error").isTextual()) {
        return a;
      }
      ObjectNode error =
          JSON.createObjectNode()
              .put("code", flat.get("error").asText())
              .put("message", flat.path("message").asText())
              .put("request_id", "req_" + requestIds.incrementAndGet());
      ObjectNode out = JSON.createObjectNode();
      out.set("error", error);
      return new Answer(a.status(), out.toString(), a.headers());
    } catch (IOException e) {
      return a;
    }
  }

  private Answer event(ObjectNode e) {
    for (String f : List.of("event_id", "event_type", "event_time", "site_id")) {
      if (!e.hasNonNull(f)) {
        return validation(f);
      }
    }
    if (!Set.of("alarm", "trouble", "arming").contains(e.get("event_type").asText())) {
      return error(400, "ValidationError", "event_type must be alarm, trouble or arming");
    }
    Answer time = clock.checkTime(e.get("event_time").asText(), "event_time");
    if (time != null) {
      return time;
    }
    if (!armingTable.hasSite(e.get("site_id").asText())) {
      return error(404, "NotFound", "unknown site " + e.get("site_id").asText());
    }
    String id = e.get("site_id").asText() + "/" + e.get("event_id").asText();
    if (eventIds.merge(id, 1, Integer::sum) > 1) {
      duplicates++;
    }
    events.add(e);
    ObjectNode out =
        JSON.createObjectNode()
            .put("event_id", e.get("event_id").asText())
            .put("status", "accepted")
            .put("received_at", clock.now().toString());
    return Answer.json(201, out);
  }

  // ---- admin surface (§10) --------------------------------------------------------------------

  private Answer admin(String method, String path, String body) throws IOException {
    JsonNode b = body.isEmpty() ? JSON.createObjectNode() : JSON.readTree(body);
    switch (method + " " + path) {
      case "POST /__admin/faults" ->
          fault(
              new Fault(
                  b.path("path").asText("/"),
                  b.path("status").asInt(0),
                  b.path("count").asInt(1),
                  b.path("delay_ms").asLong(0),
                  b.hasNonNull("retry_after") ? b.get("retry_after").asInt() : null,
                  b.path("drop_connection").asBoolean()));
      case "POST /__admin/tokens/revoke" -> revokeTokens();
      case "POST /__admin/clock" -> clockOffset(Duration.ofSeconds(b.path("offset_s").asLong()));
      case "POST /__admin/sites" ->
          site(
              b.path("site_id").asText(),
              b.path("state").asText("disarmed"),
              JSON.convertValue(b.path("partitions"), String[].class));
      case "GET /__admin/requests" -> {
        return Answer.json(200, JSON.valueToTree(requests()));
      }
      case "GET /__admin/audit" -> {
        return Answer.json(200, JSON.valueToTree(audit()));
      }
      case "GET /__admin/events" -> {
        return Answer.json(
            200,
            JSON.createObjectNode()
                .put("duplicates", duplicateEventIds())
                .set("events", JSON.valueToTree(events())));
      }
      default -> {
        return error(404, "NotFound", "no admin route " + path);
      }
    }
    return Answer.json(200, JSON.createObjectNode().put("ok", true));
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
  }
}
