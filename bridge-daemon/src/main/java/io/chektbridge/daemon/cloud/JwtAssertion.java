package io.chektbridge.daemon.cloud;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * The RFC 7523 client assertion for the M2M token request (the CHeKT API contract §2.2): header
 * {@code {"alg":"RS256","kid":…}}, claims iss = sub = client id, aud = the token server's base URL,
 * iat, exp = iat + 300 s and a fresh jti, signed SHA256withRSA.
 */
public final class JwtAssertion {
  static final long LIFETIME_S = 300;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private final String clientId;
  private final String keyId;
  private final String audience;
  private final PrivateKey key;

  public JwtAssertion(String clientId, String keyId, String audience, PrivateKey key) {
    this.clientId = clientId;
    this.keyId = keyId;
    this.audience = audience;
    this.key = key;
  }

  public String sign(Instant now) throws AuthException {
    ObjectNode header = JSON.createObjectNode().put("alg", "RS256").put("typ", "JWT");
    if (keyId != null) {
      header.put("kid", keyId);
    }
    long iat = now.getEpochSecond();
    ObjectNode claims =
        JSON.createObjectNode()
            .put("iss", clientId)
            .put("sub", clientId)
            .put("aud", audience)
            .put("iat", iat)
            .put("exp", iat + LIFETIME_S)
            .put("jti", UUID.randomUUID().toString());
    String signingInput =
        B64.encodeToString(header.toString().getBytes(StandardCharsets.UTF_8))
            + "."
            + B64.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
    try {
      Signature rsa = Signature.getInstance("SHA256withRSA");
      rsa.initSign(key);
      rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + B64.encodeToString(rsa.sign());
    } catch (GeneralSecurityException e) {
      throw new AuthException(
          "signing the token assertion failed (" + e.getClass().getSimpleName() + ")", true);
    }
  }
}
