package io.chektbridge.daemon.cloud;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * Reads the RSA private key for the M2M assertion from PEM (PKCS#8, "BEGIN PRIVATE KEY") with the
 * JDK alone.
 */
public final class PemPrivateKey {
  private static final String BEGIN = "-----BEGIN PRIVATE KEY-----";
  private static final String END = "-----END PRIVATE KEY-----";

  private PemPrivateKey() {}

  public static PrivateKey parseRsa(String pem) throws AuthException {
    if (pem.contains("BEGIN RSA PRIVATE KEY")) {
      throw new AuthException(
          "the private key is in PKCS#1 form (BEGIN RSA PRIVATE KEY); convert it with: "
              + "openssl pkcs8 -topk8 -nocrypt -in old.pem -out key.pem",
          true);
    }
    int from = pem.indexOf(BEGIN);
    int to = pem.indexOf(END);
    if (from < 0 || to < from) {
      throw new AuthException(
          "the private key file is not a PEM PKCS#8 key (expected " + BEGIN + ")", true);
    }
    String base64 = pem.substring(from + BEGIN.length(), to).replaceAll("\\s", "");
    try {
      byte[] der = Base64.getDecoder().decode(base64);
      return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      throw new AuthException(
          "the private key file holds no readable RSA key (" + e.getClass().getSimpleName() + ")",
          true);
    }
  }
}
