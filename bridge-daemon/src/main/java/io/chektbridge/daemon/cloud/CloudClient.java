package io.chektbridge.daemon.cloud;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.Call;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one prepared request to the CHeKT API and classifies the answer (the CHeKT API contract §3,
 * §8): 2xx delivered; 429/5xx/408/network retried; a 3xx retried too and never followed (what a
 * redirect points at is not the cloud's acceptance); other 4xx refused for good. A 401 drops the
 * token, fetches a new one and resends the same request once at once (§2.2); a second 401 is an
 * auth failure. Every attempt carries a fresh {@code x-partner-trace-id}; the Idempotency-Key never
 * changes. The {@code Authorization} value is never logged.
 */
public final class CloudClient {
  private static final Logger LOG = LoggerFactory.getLogger(CloudClient.class);
  private static final MediaType JSON = MediaType.get("application/json");

  private final OkHttpClient http;
  private final String baseUrl;
  private final CloudCredentials credentials;
  private final RateLimitPacer pacer;
  private final Clock clock;
  private final Set<Call> inFlight = ConcurrentHashMap.newKeySet();

  /** A completed HTTP exchange: status, body and the headers cloud sync acts on. */
  public record Reply(
      int status,
      String body,
      String retryAfter,
      boolean replayed,
      String traceId,
      String location) {}

  public CloudClient(
      OkHttpClient http,
      URI baseUrl,
      CloudCredentials credentials,
      RateLimitPacer pacer,
      Clock clock) {
    this.http = http;
    String b = baseUrl.toString();
    this.baseUrl = b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
    this.credentials = credentials;
    this.pacer = pacer;
    this.clock = clock;
  }

  /**
   * What one send came to, the answer's body when one came (a bulk answer carries per-item
   * results), and the trace id the request carried (null when none was sent), which the vendor asks
   * for about any answer, a bulk item's included.
   */
  public record Attempt(DeliveryOutcome outcome, String body, String traceId) {}

  public Attempt send(OutboundRequest r) {
    try {
      Reply reply = post(r);
      return new Attempt(classify(reply, clock), reply.body(), reply.traceId());
    } catch (AuthException e) {
      return new Attempt(DeliveryOutcome.authFailed(null, e.getMessage()), null, null);
    } catch (IOException e) {
      return new Attempt(DeliveryOutcome.retry(null, "network: " + describe(e), null), null, null);
    }
  }

  private Reply post(OutboundRequest r) throws AuthException, IOException {
    String bearer = credentials.bearer();
    Reply reply = exchange(r, bearer);
    if (reply.status() == 401 && credentials.refreshable()) {
      LOG.info(
          "Cloud answered 401 to {} (trace {}); fetching a new token and sending it again",
          r.idempotencyKey(),
          reply.traceId());
      credentials.invalidate(bearer);
      reply = exchange(r, credentials.bearer());
    }
    return reply;
  }

  private Reply exchange(OutboundRequest r, String bearer) throws IOException {
    String traceId = UUID.randomUUID().toString();
    Request.Builder request =
        new Request.Builder()
            .url(baseUrl + r.path())
            .header("Authorization", "Bearer " + bearer)
            .header("x-partner-trace-id", traceId)
            .post(RequestBody.create(r.body(), JSON));
    if (r.idempotencyKey() != null) {
      request.header("Idempotency-Key", r.idempotencyKey());
    }
    return call(request.build(), traceId);
  }

  /**
   * A GET with the current credential, e.g. the arming reconciliation read (§4.3) or {@code cloud
   * check}.
   */
  public Reply get(String path) throws AuthException, IOException {
    String traceId = UUID.randomUUID().toString();
    Request request =
        new Request.Builder()
            .url(baseUrl + path)
            .header("Authorization", "Bearer " + credentials.bearer())
            .header("x-partner-trace-id", traceId)
            .get()
            .build();
    return call(request, traceId);
  }

  private Reply call(Request request, String traceId) throws IOException {
    Call call = http.newCall(request);
    inFlight.add(call);
    try (Response response = call.execute()) {
      pacer.observe(
          response.header("X-RateLimit-Limit"),
          response.header("X-RateLimit-Remaining"),
          response.header("X-RateLimit-Reset"));
      Reply reply =
          new Reply(
              response.code(),
              response.body().string(),
              response.header("Retry-After"),
              "true".equalsIgnoreCase(response.header("Idempotent-Replayed")),
              traceId,
              response.header("Location"));
      LOG.debug(
          "{} {} -> {}{} (trace {}, key {})",
          request.method(),
          request.url().encodedPath(),
          reply.status(),
          reply.replayed() ? " replayed" : "",
          traceId,
          request.header("Idempotency-Key"));
      return reply;
    } finally {
      inFlight.remove(call);
    }
  }

  /**
   * Cancels the requests in flight, if any; used at shutdown so close never waits on the network.
   */
  public void cancel() {
    inFlight.forEach(Call::cancel);
  }

  public static DeliveryOutcome classify(Reply reply, Clock clock) {
    int s = reply.status();
    if (s >= 200 && s < 300) {
      return DeliveryOutcome.delivered(s);
    }
    if (s >= 300 && s < 400) {
      return DeliveryOutcome.redirected(
          s,
          "HTTP "
              + s
              + " redirect to "
              + reply.location()
              + " not followed: the "
              + "cloud.base_url or a proxy in between points somewhere else (trace "
              + reply.traceId()
              + ")");
    }
    ApiError error = ApiError.parse(reply.body());
    String detail = "HTTP " + s + " " + error.describe() + " (trace " + reply.traceId() + ")";
    if (s == 401) {
      return DeliveryOutcome.authFailed(s, detail);
    }
    if (s == 407) {
      return DeliveryOutcome.retry(
          s,
          "HTTP 407 from the proxy: it refused the bridge's proxy credentials "
              + "(cloud.proxy_auth_file, user:password) (trace "
              + reply.traceId()
              + ")",
          null);
    }
    if (s == 429) {
      return DeliveryOutcome.retry(s, detail, retryAfter(reply.retryAfter(), clock));
    }
    if (s >= 500 || s == 408) {
      return DeliveryOutcome.retry(s, detail, null);
    }
    if (s == 409 && error.idempotencyConflict()) {
      // the row's bytes never change, so an `outbox retry` would meet the same 409 while the cloud
      // keeps the key
      return DeliveryOutcome.rejected(
          s,
          detail
              + ": the cloud holds another payload under this Idempotency-Key (kept 24 h); a resend"
              + " under it is refused the same way");
    }
    return DeliveryOutcome.rejected(s, detail);
  }

  /**
   * Retry-After as integer seconds (what the fake sends) or an HTTP date (RFC 9110 allows both).
   */
  static Duration retryAfter(String header, Clock clock) {
    if (header == null) {
      return null;
    }
    try {
      return Duration.ofSeconds(Math.max(0, Long.parseLong(header.trim())));
    } catch (NumberFormatException e) {
      try {
        Duration d =
            Duration.between(
                clock.instant(),
                ZonedDateTime.parse(header.trim(), DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant());
        return d.isNegative() ? Duration.ZERO : d;
      } catch (DateTimeParseException ignored) {
        return null;
      }
    }
  }

  private static String describe(IOException e) {
    return e.getMessage() == null
        ? e.getClass().getSimpleName()
        : e.getClass().getSimpleName() + " " + e.getMessage();
  }
}
