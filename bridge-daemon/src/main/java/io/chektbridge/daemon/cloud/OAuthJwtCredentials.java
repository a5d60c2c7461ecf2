package io.chektbridge.daemon.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chektbridge.daemon.time.HostClock;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import okhttp3.FormBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OAuth 2.0 client credentials with a JWT assertion (the CHeKT API contract §2.2). The token is
 * cached until its {@code expires_in} runs low (under 60 s left, or half its lifetime for
 * short-lived tokens) and refreshed by one caller at a time: others wait for that refresh instead
 * of starting their own. The lifetime runs on the elapsed clock: a wall-clock step must not keep an
 * expired token in use.
 */
public final class OAuthJwtCredentials implements CloudCredentials {
  private static final Logger LOG = LoggerFactory.getLogger(OAuthJwtCredentials.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration REFRESH_AHEAD = Duration.ofSeconds(60);

  private final OkHttpClient http;
  private final URI tokenUrl;
  private final String clientId;
  private final String apiAudience;
  private final JwtAssertion assertion;
  private final HostClock clock;
  private final Object refreshLock = new Object();
  private volatile Token current;

  private record Token(String value, long refreshAtNanos) {
    boolean fresh(HostClock clock) {
      return clock.nanoTime() - refreshAtNanos < 0;
    }
  }

  public OAuthJwtCredentials(
      OkHttpClient http,
      URI tokenUrl,
      String clientId,
      String apiAudience,
      JwtAssertion assertion,
      HostClock clock) {
    this.http = http;
    this.tokenUrl = tokenUrl;
    this.clientId = clientId;
    this.apiAudience = apiAudience;
    this.assertion = assertion;
    this.clock = clock;
  }

  /**
   * The assertion's {@code aud}: the token server's base URL, e.g. {@code
   * https://tenant.auth0.com/}.
   */
  public static String assertionAudience(URI tokenUrl) {
    return tokenUrl.resolve("/").toString();
  }

  @Override
  public String bearer() throws AuthException {
    Token t = current;
    if (t != null && t.fresh(clock)) {
      return t.value();
    }
    synchronized (refreshLock) {
      t = current;
      if (t != null && t.fresh(clock)) {
        return t.value();
      }
      current = fetch();
      return current.value();
    }
  }

  @Override
  public void invalidate(String rejectedBearer) {
    synchronized (refreshLock) {
      Token t = current;
      if (t != null && t.value().equals(rejectedBearer)) {
        current = null;
      }
    }
  }

  @Override
  public boolean refreshable() {
    return true;
  }

  @Override
  public String describe() {
    return "OAuth client " + clientId;
  }

  private Token fetch() throws AuthException {
    long requested = clock.nanoTime();
    FormBody form =
        new FormBody.Builder()
            .add("grant_type", "client_credentials")
            .add("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
            .add("client_assertion", assertion.sign(clock.instant()))
            .add("audience", apiAudience)
            .build();
    Request request = new Request.Builder().url(tokenUrl.toString()).post(form).build();
    try (Response response = http.newCall(request).execute()) {
      String body = response.body().string();
      if (response.code() == 401 || response.code() == 400 || response.code() == 403) {
        throw new AuthException(
            "the token endpoint "
                + tokenUrl
                + " refused client "
                + clientId
                + " (HTTP "
                + response.code()
                + " "
                + ApiError.parse(body).describe()
                + "); check client_id, key_id and the "
                + "registered public key",
            true);
      }
      if (!response.isSuccessful()) {
        throw new AuthException(
            "the token endpoint " + tokenUrl + " answered HTTP " + response.code(), false);
      }
      JsonNode json = JSON.readTree(body);
      String token = json.path("access_token").asText(null);
      long expiresIn = json.path("expires_in").asLong(0);
      if (token == null || token.isEmpty() || expiresIn <= 0) {
        throw new AuthException(
            "the token endpoint " + tokenUrl + " sent no access_token/expires_in", false);
      }
      Duration lifetime = Duration.ofSeconds(expiresIn);
      Duration ahead =
          lifetime.dividedBy(2).compareTo(REFRESH_AHEAD) < 0
              ? lifetime.dividedBy(2)
              : REFRESH_AHEAD;
      LOG.info("Got a cloud access token for client {} (valid {} s)", clientId, expiresIn);
      return new Token(token, requested + lifetime.minus(ahead).toNanos());
    } catch (IOException e) {
      throw new AuthException(
          "the token endpoint " + tokenUrl + " is unreachable (" + e.getMessage() + ")", false);
    }
  }

  @Override
  public String toString() {
    return "OAuthJwtCredentials[" + clientId + ", token hidden]";
  }
}
