package io.chektbridge.daemon.cloud.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The fake cloud's OAuth token endpoint (§2.2): the registered clients' public keys, the checks of
 * a client assertion (RS256, kid, iss = sub, audience, lifetime, one use per jti), and the bearer
 * tokens it issued with their expiry.
 */
final class TokenEndpoint {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final FakeClock clock;
  private final String audience;
  private final Map<String, PublicKey> clientKeys = new ConcurrentHashMap<>();
  private final Map<String, Token> tokens = new ConcurrentHashMap<>();
  private final Set<String> seenJti = ConcurrentHashMap.newKeySet();
  private final AtomicInteger tokenRequests = new AtomicInteger();
  private volatile long expiresIn = 3600;

  private record Token(String clientId, Instant expiresAt) {}

  TokenEndpoint(FakeClock clock, String audience) {
    this.clock = clock;
    this.audience = audience;
  }

  void client(String clientId, PublicKey key) {
    clientKeys.put(clientId, key);
  }

  void expiresIn(long seconds) {
    expiresIn = seconds;
  }

  void revokeAll() {
    tokens.clear();
  }

  int requests() {
    return tokenRequests.get();
  }

  /** The client a live bearer token was issued to, or null. */
  String clientOf(String token) {
    Token t = tokens.get(token);
    return t != null && clock.now().isBefore(t.expiresAt()) ? t.clientId() : null;
  }

  /**
   * §2.2: a client_credentials grant with an RS256 client assertion; a bearer token, or 401
   * invalid_client.
   */
  Answer token(String form) {
    Map<String, String> f = new HashMap<>();
    for (String pair : form.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        f.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    tokenRequests.incrementAndGet();
    if (!"client_credentials".equals(f.get("grant_type"))
        || !"urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
            .equals(f.get("client_assertion_type"))) {
      return invalidClient("unsupported grant or assertion type");
    }
    String problem = assertionProblem(f.get("client_assertion"));
    if (problem != null) {
      return invalidClient(problem);
    }
    String clientId = claims(f.get("client_assertion")).get("iss").asText();
    String token = "tok_" + UUID.randomUUID();
    tokens.put(token, new Token(clientId, clock.now().plusSeconds(expiresIn)));
    return Answer.json(
        200,
        JSON.createObjectNode()
            .put("access_token", token)
            .put("token_type", "Bearer")
            .put("expires_in", expiresIn)
            .put("scope", "events arming"));
  }

  private String assertionProblem(String jwt) {
    if (jwt == null || jwt.split("\\.").length != 3) {
      return "client_assertion is not a JWT";
    }
    String[] parts = jwt.split("\\.");
    try {
      JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
      JsonNode c = claims(jwt);
      if (!"RS256".equals(header.path("alg").asText()) || !header.hasNonNull("kid")) {
        return "header must be RS256 with a kid";
      }
      String client = c.path("iss").asText();
      PublicKey key = clientKeys.get(client);
      if (key == null || !client.equals(c.path("sub").asText())) {
        return "unknown client or iss != sub";
      }
      Signature rsa = Signature.getInstance("SHA256withRSA");
      rsa.initVerify(key);
      rsa.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
      if (!rsa.verify(Base64.getUrlDecoder().decode(parts[2]))) {
        return "bad signature";
      }
      if (!audience.equals(c.path("aud").asText())) {
        return "aud must be " + audience;
      }
      long iat = c.path("iat").asLong();
      long exp = c.path("exp").asLong();
      if (exp <= clock.now().getEpochSecond() || exp - iat > 300) {
        return "expired, or exp - iat over 300 s";
      }
      if (!c.hasNonNull("jti") || !seenJti.add(c.get("jti").asText())) {
        return "jti missing or already used";
      }
      return null;
    } catch (Exception e) {
      return "unreadable assertion: " + e.getClass().getSimpleName();
    }
  }

  private static JsonNode claims(String jwt) {
    try {
      return JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }

  private static Answer invalidClient(String why) {
    return Answer.json(
        401, JSON.createObjectNode().put("error", "invalid_client").put("error_description", why));
  }
}
