package io.chektbridge.sia;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * Decodes one received DC-09 frame and decides the answer. Never throws: every input ends in a
 * {@link Dc09Result} with a named error. Thread-safe: it holds no mutable state (ciphers are per
 * thread).
 *
 * <p>Answers: ACK (echoing seq/R/L/#acct) for a verified frame, including unknown event codes; NAK
 * with the receiver time for CRC, length and time-window errors, a wrong key and an unknown
 * account; DUH for a well-formed frame we cannot serve (unknown or answer token, encrypted with no
 * key, clear text from an account that has a key); silence when the input is not a frame at all.
 */
public final class Dc09Decoder {
  private final Dc09AccountDirectory directory;

  public Dc09Decoder(Dc09AccountDirectory directory) {
    this.directory = Objects.requireNonNull(directory, "directory");
  }

  /**
   * Decodes {@code buf[offset..offset+length)}: one frame, LF…CR optional, trailing NULs tolerated.
   */
  public Dc09Result decode(byte[] buf, int offset, int length, Instant now) {
    if (buf == null || now == null || offset < 0 || length < 0 || offset > buf.length - length) {
      return refusal(null, Dc09Error.MALFORMED, "no input", Dc09Response.NONE, null);
    }
    try {
      return decodeFrame(buf, offset, length, now);
    } catch (RuntimeException e) {
      // A bug must not take the receiver down; the property test asserts this never happens.
      return refusal(null, Dc09Error.MALFORMED, "internal error: " + e, Dc09Response.NONE, null);
    }
  }

  private Dc09Result decodeFrame(byte[] buf, int offset, int length, Instant now) {
    CrcFormat[] format = {CrcFormat.HEX};
    Dc09Envelope envelope;
    try {
      envelope = Dc09FrameReader.readEnvelope(buf, offset, length, format);
    } catch (Dc09Exception e) {
      boolean nak = e.error() == Dc09Error.CRC_MISMATCH || e.error() == Dc09Error.LENGTH_MISMATCH;
      return refusal(
          null,
          e.error(),
          e.getMessage(),
          nak ? Dc09Response.NAK : Dc09Response.NONE,
          nak ? Dc09Responder.nak(now, format[0]) : null);
    }
    if (envelope.token() == null || !envelope.token().isRequest()) {
      return refusal(
          null,
          Dc09Error.UNSUPPORTED_TOKEN,
          "token \"" + envelope.tokenText() + "\" is not served here",
          Dc09Response.DUH,
          Dc09Responder.duh(envelope));
    }
    Dc09FrameReader.Content clear = null;
    if (!envelope.encrypted()) {
      try {
        clear = Dc09FrameReader.readContent(envelope.content());
      } catch (Dc09Exception e) {
        return refusal(null, e.error(), e.getMessage(), Dc09Response.NONE, null);
      }
    }
    String account =
        envelope.echo().account() != null
            ? envelope.echo().account()
            : clear != null ? Dc09DataBlock.of(envelope.token(), clear.data()).account() : null;
    Dc09AccountSettings settings = account == null ? null : directory.lookup(account);
    if (settings == null) {
      if (!directory.acceptUnknownAccounts() || envelope.encrypted()) {
        return refusal(
            null,
            Dc09Error.UNKNOWN_ACCOUNT,
            "account " + account + " is not configured",
            Dc09Response.NAK,
            Dc09Responder.nak(now, envelope.crcFormat()));
      }
      settings = Dc09AccountSettings.plain(account == null ? "" : account);
    }
    byte[] key = settings.keyUnsafe();
    if (envelope.encrypted()) {
      if (key == null) {
        return refusal(
            null,
            Dc09Error.DECRYPT_FAILED,
            "encrypted frame but no key is configured for account " + account,
            Dc09Response.DUH,
            Dc09Responder.duh(envelope));
      }
      try {
        clear = decrypt(envelope.content(), key);
      } catch (Dc09Exception e) {
        return refusal(
            null,
            e.error(),
            e.getMessage() + " (account " + account + ": check the key and key_format)",
            Dc09Response.NAK,
            Dc09Responder.nak(now, envelope.crcFormat()));
      }
    } else if (key != null) {
      return refusal(
          null,
          Dc09Error.ENCRYPTION_REQUIRED,
          "account " + account + " has a key but sent in clear text",
          Dc09Response.DUH,
          Dc09Responder.duh(envelope));
    }
    Dc09Frame frame =
        new Dc09Frame(
            envelope.token(),
            envelope.encrypted(),
            envelope.echo().sequence(),
            envelope.echo().receiver(),
            envelope.echo().line(),
            envelope.echo().account(),
            clear.data(),
            clear.extended(),
            clear.timestamp(),
            envelope.crcFormat());
    Instant ts = frame.timestamp();
    if (ts != null
        && (ts.isBefore(now.minus(settings.maxAge()))
            || ts.isAfter(now.plus(settings.maxAhead())))) {
      return refusal(
          frame,
          Dc09Error.TIMESTAMP_OUT_OF_WINDOW,
          "frame time "
              + ts
              + " is outside "
              + now
              + " -"
              + settings.maxAge().toSeconds()
              + "s/+"
              + settings.maxAhead().toSeconds()
              + "s (panel clock or timezone?)",
          Dc09Response.NAK,
          Dc09Responder.nak(now, envelope.crcFormat()));
    }
    List<AlarmEvent> events;
    try {
      events = Dc09PayloadDecoder.events(frame);
    } catch (Dc09Exception e) {
      return refusal(
          frame, e.error(), e.getMessage(), Dc09Response.DUH, Dc09Responder.duh(envelope));
    }
    byte[] ack = Dc09Responder.ack(envelope, envelope.encrypted() ? key : null, now);
    return new Dc09Result(true, frame, events, Dc09Response.ACK, ack, null, null);
  }

  /**
   * Reads a receiver's answer (ACK, NAK, DUH, RSP; {@code *ACK} with the key) as a sender. Throws
   * the library's exception for anything that is not a valid answer.
   */
  public static Dc09Answer decodeResponse(byte[] buf, int offset, int length, byte[] key)
      throws Dc09Exception {
    if (buf == null || offset < 0 || length < 0 || offset > buf.length - length) {
      throw new Dc09Exception(Dc09Error.MALFORMED, "no input");
    }
    Dc09Envelope envelope = Dc09FrameReader.readEnvelope(buf, offset, length, new CrcFormat[1]);
    if (envelope.token() == null || envelope.token().isRequest()) {
      throw new Dc09Exception(
          Dc09Error.UNSUPPORTED_TOKEN, "\"" + envelope.tokenText() + "\" is not an answer");
    }
    Dc09FrameReader.Content content;
    if (envelope.encrypted()) {
      if (key == null) {
        throw new Dc09Exception(Dc09Error.DECRYPT_FAILED, "encrypted answer but no key");
      }
      content = decrypt(envelope.content(), key);
    } else {
      content = Dc09FrameReader.readContent(envelope.content());
    }
    return new Dc09Answer(
        envelope.token(),
        envelope.encrypted(),
        envelope.echo().sequence(),
        envelope.echo().account(),
        content.timestamp());
  }

  private static Dc09FrameReader.Content decrypt(String hex, byte[] key) throws Dc09Exception {
    String cipherHex = hex.endsWith("]") ? hex.substring(0, hex.length() - 1) : hex;
    if (cipherHex.isEmpty() || cipherHex.length() % 32 != 0) {
      throw new Dc09Exception(
          Dc09Error.DECRYPT_FAILED, "encrypted block is not whole 16-byte AES blocks");
    }
    byte[] plain;
    try {
      plain = Dc09Cipher.forThisThread().decrypt(key, HexFormat.of().parseHex(cipherHex));
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      throw new Dc09Exception(Dc09Error.DECRYPT_FAILED, "encrypted block is not hex AES data");
    }
    int start = contentStart(plain);
    if (start < 0) {
      throw new Dc09Exception(Dc09Error.DECRYPT_FAILED, "decrypted text has no pad|: wrong key");
    }
    try {
      Dc09FrameReader.Content content =
          Dc09FrameReader.readContent(
              new String(plain, start, plain.length - start, StandardCharsets.ISO_8859_1));
      if (content.timestamp() == null) {
        throw new Dc09Exception(Dc09Error.DECRYPT_FAILED, "decrypted text has no timestamp");
      }
      return content;
    } catch (Dc09Exception e) {
      throw new Dc09Exception(
          Dc09Error.DECRYPT_FAILED, "decrypted text is not data]..._timestamp: wrong key");
    }
  }

  /**
   * Where the content starts after the front pad: after the first {@code |}, or at a {@code ]} that
   * ends an empty data block (Hikvision pads {@code *NULL} as {@code ppppppppppp]_ts} with no
   * {@code |}, eavanvalkenburg/sia#17). The pad itself is not judged: senders fill it with any byte
   * but the three separators (one widely used sender draws 0x14..0x7D) and make it 0..17 long. A
   * wrong key is told apart by what follows the pad instead: it must read as {@code
   * data]..._HH:MM:SS,MM-DD-YYYY}, which random bytes do with a chance far below 2^-100 (the
   * 20-byte timestamp alone fixes 7 bytes and limits 13 more to digits). -1 when neither separator
   * occurs at all.
   */
  private static int contentStart(byte[] plain) {
    for (int i = 0; i < plain.length; i++) {
      if (plain[i] == '|') {
        return i + 1;
      }
      if (plain[i] == ']') {
        return i;
      }
    }
    return -1;
  }

  private static Dc09Result refusal(
      Dc09Frame frame, Dc09Error error, String detail, Dc09Response response, byte[] bytes) {
    return new Dc09Result(false, frame, List.of(), response, bytes, error, detail);
  }
}
