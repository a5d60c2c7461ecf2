package io.chektbridge.sia;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * DC-09 AES-CBC with an all-zero IV. The encrypted text is {@code <pad>|<data>]<ext>_<timestamp>}
 * with the pad at the front so the length is a multiple of 16. What we send pads with 1..16
 * alphanumerics; what we receive may carry any pad (see {@link Dc09Decoder}), so decryption only
 * deciphers and leaves the reading to the caller.
 *
 * <p>Cipher objects are not thread-safe and costly to create, so each thread keeps its own,
 * re-keyed only when the key changes (a receiver thread usually serves the same few accounts).
 */
final class Dc09Cipher {
  private static final IvParameterSpec ZERO_IV = new IvParameterSpec(new byte[16]);
  private static final byte[] PAD_CHARS =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
          .getBytes(StandardCharsets.US_ASCII);
  private static final ThreadLocal<Dc09Cipher> PER_THREAD =
      ThreadLocal.withInitial(Dc09Cipher::new);

  private final Cipher decrypt;
  private final Cipher encrypt;
  private byte[] decryptKey;
  private byte[] encryptKey;

  private Dc09Cipher() {
    try {
      decrypt = Cipher.getInstance("AES/CBC/NoPadding");
      encrypt = Cipher.getInstance("AES/CBC/NoPadding");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/CBC/NoPadding is missing from this JDK", e);
    }
  }

  static Dc09Cipher forThisThread() {
    return PER_THREAD.get();
  }

  /** Decrypts ciphertext (a multiple of 16 bytes); the caller checks the plaintext's shape. */
  byte[] decrypt(byte[] key, byte[] ciphertext) throws GeneralSecurityException {
    if (!Arrays.equals(key, decryptKey)) {
      decrypt.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), ZERO_IV);
      decryptKey = key.clone();
    }
    return decrypt.doFinal(ciphertext);
  }

  /** Pads {@code content} at the front ({@code <pad>|content}) and encrypts it. */
  byte[] encryptPadded(byte[] key, byte[] content) {
    int padLength = 16 - (content.length + 1) % 16; // 1..16: never zero, the | always follows a pad
    byte[] plain = new byte[padLength + 1 + content.length];
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int i = 0; i < padLength; i++) {
      plain[i] = PAD_CHARS[random.nextInt(PAD_CHARS.length)];
    }
    plain[padLength] = '|';
    System.arraycopy(content, 0, plain, padLength + 1, content.length);
    try {
      if (!Arrays.equals(key, encryptKey)) {
        encrypt.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), ZERO_IV);
        encryptKey = key.clone();
      }
      return encrypt.doFinal(plain);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot encrypt with this key: " + e.getMessage(), e);
    }
  }
}
