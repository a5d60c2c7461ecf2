package io.chektbridge.daemon.cloud;

import static io.chektbridge.daemon.cloud.SyncHarness.EVENTS;
import static io.chektbridge.daemon.cloud.SyncHarness.now;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chektbridge.daemon.cloud.fake.Fault;
import io.chektbridge.daemon.cloud.fake.RecordedRequest;
import io.chektbridge.daemon.ops.AlertKind;
import io.chektbridge.daemon.testing.ManualClock;
import io.chektbridge.daemon.time.HostClock;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import okhttp3.FormBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * §2.2 and §11 items 34–35: the M2M assertion, token caching and refresh, 401 refresh-and-resend.
 */
@ExtendWith(SyncHarnessExtension.class)
class OAuthSyncTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  SyncHarness h;
  private final ManualClock clock = new ManualClock(Instant.now());

  @BeforeEach
  void useOAuth() throws Exception {
    h.useOAuth();
  }

  @Test
  void oneCachedTokenServesManyRequestsAndTheKeyNeverAppearsInTheLog() throws Exception {
    List<Long> ids = h.rows.events(1, 30, now());
    h.start();
    await().until(() -> "delivered".equals(h.rows.status(ids.get(29))));
    assertThat(h.cloud.tokenRequests()).isEqualTo(1);
    assertThat(h.cloud.requests(EVENTS))
        .extracting(r -> r.header("authorization"))
        .allSatisfy(a -> assertThat(a).startsWith("Bearer tok_"));
    assertThat(h.connection.credentials().toString()).doesNotContain("tok_");
  }

  @Test
  void the401OnARevokedTokenRefreshesAndResendsOnceAtOnceWithTheSameKey() throws Exception {
    Instant t = now();
    long first = h.rows.events(1, 1, t).get(0);
    h.start();
    await().until(() -> "delivered".equals(h.rows.status(first)));
    h.cloud.revokeTokens();
    long second = h.rows.events(2, 1, t).get(0);
    h.sync.wake();
    await().until(() -> "delivered".equals(h.rows.status(second)));

    List<RecordedRequest> sent = h.cloud.requests(EVENTS);
    assertThat(sent).extracting(RecordedRequest::status).containsExactly(201, 401, 201);
    assertThat(sent.get(1).header("idempotency-key"))
        .isEqualTo(sent.get(2).header("idempotency-key"));
    assertThat(sent.get(1).header("authorization"))
        .isNotEqualTo(sent.get(2).header("authorization"));
    assertThat(h.cloud.tokenRequests()).isEqualTo(2);
    assertThat(h.sleeper.waits()).isEmpty();
    assertThat(h.alerts.isActive(AlertKind.AUTH_FAILED)).isFalse();
  }

  @Test
  void a401StraightAfterAFreshTokenIsAnAuthFailureOnTheBackoffSchedule() throws Exception {
    h.cloud.fault(Fault.status(EVENTS, 401, 2));
    java.util.concurrent.atomic.AtomicBoolean alerted =
        new java.util.concurrent.atomic.AtomicBoolean();
    long id = h.rows.events(1, 1, now()).get(0);
    h.start(
        d -> {
          alerted.set(h.alerts.isActive(AlertKind.AUTH_FAILED));
          h.sleeper.sleep(d);
        },
        HostClock.system());
    await().until(() -> "delivered".equals(h.rows.status(id)));
    assertThat(alerted).isTrue();
    assertThat(h.sleeper.waits()).containsExactly(Duration.ofSeconds(1));
    assertThat(h.cloud.requests(EVENTS)).hasSize(3);
  }

  /** A connection on {@link #clock} whose tokens are issued with an expires_in of 2 s. */
  private CloudConnection twoSecondTokens() throws Exception {
    h.cloud.expiresIn(2);
    return new CloudConnection(h.config, clock);
  }

  @Test
  void aTokenIsRefreshedAheadOfItsExpiresIn() throws Exception {
    try (CloudConnection c = twoSecondTokens()) {
      String first = c.credentials().bearer();
      clock.advance(Duration.ofMillis(900));
      assertThat(c.credentials().bearer()).isEqualTo(first);
      clock.advance(Duration.ofMillis(200));
      assertThat(c.credentials().bearer()).isNotEqualTo(first);
      assertThat(h.cloud.tokenRequests()).isEqualTo(2);
    }
  }

  @Test
  void aTokenLivesItsExpiresInOfElapsedTimeWhateverTheWallClockDoes() throws Exception {
    try (CloudConnection c = twoSecondTokens()) {
      String first = c.credentials().bearer();
      clock.stepWallClock(Duration.ofDays(1));
      assertThat(c.credentials().bearer()).as("a step ahead does not expire it").isEqualTo(first);
      // back by a day, to the token server's time (a signed assertion is a wall-clock timestamp)
      clock.stepWallClock(Duration.ofDays(-1));
      clock.advance(Duration.ofMillis(1_100));
      assertThat(c.credentials().bearer())
          .as("a step back does not keep it past its refresh")
          .isNotEqualTo(first);
      assertThat(h.cloud.tokenRequests()).isEqualTo(2);
    }
  }

  @Test
  void theAssertionIsRs256WithKidAndTheRfc7523Claims() throws Exception {
    JwtAssertion a =
        new JwtAssertion(
            SyncHarness.CLIENT, "kid-1", h.cloud.assertionAudience(), h.keys.getPrivate());
    Instant now = Instant.now();
    String[] parts = a.sign(now).split("\\.");
    JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
    JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
    assertThat(header.get("alg").asText()).isEqualTo("RS256");
    assertThat(header.get("kid").asText()).isEqualTo("kid-1");
    assertThat(claims.get("iss").asText())
        .isEqualTo(SyncHarness.CLIENT)
        .isEqualTo(claims.get("sub").asText());
    assertThat(claims.get("aud").asText()).isEqualTo(h.cloud.baseUrl() + "/");
    assertThat(claims.get("exp").asLong() - claims.get("iat").asLong()).isEqualTo(300);
    assertThat(claims.get("jti").asText()).isNotBlank();
  }

  @Test
  void theFakeRejectsABadSignatureAndAReusedJti() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    JwtAssertion wrongKey =
        new JwtAssertion(
            SyncHarness.CLIENT,
            "kid-1",
            h.cloud.assertionAudience(),
            g.generateKeyPair().getPrivate());
    OkHttpClient http = new OkHttpClient();
    assertThat(tokenCall(http, wrongKey.sign(Instant.now())))
        .contains("invalid_client")
        .contains("bad signature");

    String good =
        new JwtAssertion(
                SyncHarness.CLIENT, "kid-1", h.cloud.assertionAudience(), h.keys.getPrivate())
            .sign(Instant.now());
    assertThat(tokenCall(http, good)).contains("access_token");
    assertThat(tokenCall(http, good)).contains("invalid_client").contains("jti");
  }

  @Test
  void anUnregisteredClientIsAConfigurationErrorNamedWithoutSecrets() throws Exception {
    h.cloud.client(
        SyncHarness.CLIENT, KeyPairGenerator.getInstance("RSA").generateKeyPair().getPublic());
    try (CloudConnection c = new CloudConnection(h.config, HostClock.system())) {
      assertThatThrownBy(() -> c.credentials().bearer())
          .isInstanceOfSatisfying(
              AuthException.class,
              e -> {
                assertThat(e.invalidClient()).isTrue();
                assertThat(e.getMessage())
                    .contains(SyncHarness.CLIENT)
                    .contains("401")
                    .doesNotContain("eyJ");
              });
    }
  }

  private String tokenCall(OkHttpClient http, String assertion) throws Exception {
    FormBody form =
        new FormBody.Builder()
            .add("grant_type", "client_credentials")
            .add("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
            .add("client_assertion", assertion)
            .add("audience", "https://adc-m2m.example/")
            .build();
    try (Response r =
        http.newCall(new Request.Builder().url(h.cloud.tokenUrl().toString()).post(form).build())
            .execute()) {
      return new String(r.body().bytes(), StandardCharsets.UTF_8);
    }
  }
}
