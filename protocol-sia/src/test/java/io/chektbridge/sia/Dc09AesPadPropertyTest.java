package io.chektbridge.sia;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Encrypted frames as real senders make them, built here independently of the library (JDK {@code
 * Cipher}, AES/CBC/NoPadding, zero IV; a bitwise CRC-16/ARC): every key size and key format, every
 * pad length 0..17, pad bytes drawn from every byte value but {@code [ ] |}. Each must decode with
 * every field right and be ACKed; the same frame under a wrong key of the same size must be refused
 * with NAK decrypt_failed.
 */
class Dc09AesPadPropertyTest {
  private static final Instant NOW = Instant.parse("2026-03-02T08:15:30Z");
  private static final int FRAMES_PER_CASE = 25;
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("'_'HH:mm:ss,MM-dd-yyyy").withZone(ZoneOffset.UTC);
  private static final String HEX_DIGITS = "0123456789ABCDEF";

  /** Printable ASCII but space (a key file's surrounding whitespace is ignored). */
  private static final String KEY_CHARS =
      "!\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~";

  private static final String TEXT_CHARS =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 -.,:";

  static Stream<Arguments> cases() {
    List<Arguments> all = new ArrayList<>();
    for (int keyBytes : new int[] {16, 24, 32}) {
      for (KeyFormat format : KeyFormat.values()) {
        for (int pad = 0; pad <= 17; pad++) {
          all.add(Arguments.of(keyBytes * 8, format, pad));
        }
      }
    }
    return all.stream();
  }

  @ParameterizedTest(name = "AES-{0} {1} key, pad {2}")
  @MethodSource("cases")
  void decodesWithTheRightKeyAndIsRefusedWithAWrongOne(int keyBits, KeyFormat format, int padLength)
      throws Exception {
    Random random = new Random(keyBits * 1000L + format.ordinal() * 100L + padLength);
    for (int i = 0; i < FRAMES_PER_CASE; i++) {
      String keyText = keyText(random, keyBits / 8, format);
      String wrongKeyText = keyText(random, keyBits / 8, format);
      SentFrame sent = SentFrame.random(random, padLength, Dc09Keys.parse(keyText, format));

      Dc09Result right =
          decoderFor(sent.account, keyText, format).decode(sent.bytes, 0, sent.bytes.length, NOW);
      assertThat(right.valid()).as("%s: %s", sent, right.detail()).isTrue();
      assertThat(right.response()).isEqualTo(Dc09Response.ACK);
      sent.assertDecoded(right, Dc09Keys.parse(keyText, format));

      Dc09Result wrong =
          decoderFor(sent.account, wrongKeyText, format)
              .decode(sent.bytes, 0, sent.bytes.length, NOW);
      assertThat(wrong.valid()).as("wrong key accepted: %s", sent).isFalse();
      assertThat(wrong.response()).isEqualTo(Dc09Response.NAK);
      assertThat(wrong.error()).isEqualTo(Dc09Error.DECRYPT_FAILED);
    }
  }

  private static Dc09Decoder decoderFor(String account, String keyText, KeyFormat format) {
    Dc09AccountSettings settings =
        Dc09AccountSettings.encrypted(account, Dc09Keys.parse(keyText, format));
    return new Dc09Decoder(new Dc09DecoderCasesTest.MapDirectory(Map.of(account, settings), false));
  }

  /**
   * A key as an installer would type it: hex digits for the key bytes, or the characters
   * themselves.
   */
  private static String keyText(Random random, int bytes, KeyFormat format) {
    return format == KeyFormat.HEX
        ? pick(random, HEX_DIGITS, bytes * 2)
        : pick(random, KEY_CHARS, bytes);
  }

  private static String pick(Random random, String alphabet, int length) {
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return sb.toString();
  }

  /** What the simulated sender put in: kept to check every decoded field against. */
  private record SentFrame(
      Dc09Token token,
      String sequence,
      String receiver,
      String line,
      String account,
      int partition,
      int zone,
      String text,
      Instant timestamp,
      byte[] pad,
      byte[] bytes) {

    static SentFrame random(Random random, int padLength, byte[] key) throws Exception {
      Dc09Token token = random.nextBoolean() ? Dc09Token.SIA_DCS : Dc09Token.ADM_CID;
      String account = pick(random, HEX_DIGITS, 3 + random.nextInt(14));
      String receiver =
          random.nextBoolean() ? null : pick(random, HEX_DIGITS, 1 + random.nextInt(6));
      String line = pick(random, HEX_DIGITS, 1 + random.nextInt(6));
      String sequence = String.format("%04d", random.nextInt(10_000));
      int partition = 1 + random.nextInt(9);
      int zone = 1 + random.nextInt(999);
      Instant timestamp = NOW.minusSeconds(random.nextInt(30));
      // several ADM-CID communicators leave the # out of the data block's account
      String dataAccount =
          token == Dc09Token.ADM_CID && random.nextBoolean() ? account : "#" + account;
      String data =
          dataAccount
              + "|"
              + (token == Dc09Token.SIA_DCS
                  ? "Nri" + partition + "/BA" + zone
                  : String.format("1130 %02d %03d", partition, zone));
      String tail = "]" + STAMP.format(timestamp);
      // the [I..] text takes up what is left of the last block, so every pad length gives whole
      // blocks
      int used = padLength + 1 + data.length() + tail.length() + "[I]".length();
      int textLength = 16 - used % 16;
      String text = pick(random, TEXT_CHARS, textLength);
      byte[] pad = randomPad(random, padLength);
      byte[] plain =
          concat(pad, ("|" + data + "][I" + text + tail).getBytes(StandardCharsets.ISO_8859_1));
      String body =
          "\"*"
              + token.wire()
              + "\""
              + sequence
              + (receiver == null ? "" : "R" + receiver)
              + "L"
              + line
              + "#"
              + account
              + "["
              + HexFormat.of().withUpperCase().formatHex(aesCbcZeroIv(key, plain));
      String frame = "\n" + String.format("%04X0%03X", crc16Arc(body), body.length()) + body + "\r";
      return new SentFrame(
          token,
          sequence,
          receiver,
          line,
          account,
          partition,
          zone,
          text,
          timestamp,
          pad,
          frame.getBytes(StandardCharsets.ISO_8859_1));
    }

    void assertDecoded(Dc09Result result, byte[] key) throws Dc09Exception {
      Dc09Frame f = result.frame();
      assertThat(f.token()).isEqualTo(token);
      assertThat(f.encrypted()).isTrue();
      assertThat(f.sequence()).isEqualTo(sequence);
      assertThat(f.receiver()).isEqualTo(receiver);
      assertThat(f.line()).isEqualTo(line);
      assertThat(f.account()).isEqualTo(account);
      assertThat(f.dataAccount()).isEqualTo(account);
      assertThat(f.extended('I')).containsExactly(text);
      assertThat(f.timestamp()).isEqualTo(timestamp);
      assertThat(result.events())
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.account()).isEqualTo(account);
                assertThat(e.qualifier()).isEqualTo(AlarmEvent.Qualifier.EVENT);
                assertThat(token == Dc09Token.SIA_DCS ? e.siaCode() : e.cidCode())
                    .isEqualTo(token == Dc09Token.SIA_DCS ? "BA" : "130");
                assertThat(e.partition()).isEqualTo(partition);
                assertThat(e.zone()).isEqualTo(zone);
                assertThat(e.text()).isEqualTo(text);
                assertThat(e.panelTime()).isEqualTo(timestamp);
              });
      Dc09Answer ack =
          Dc09Decoder.decodeResponse(result.responseBytes(), 0, result.responseBytes().length, key);
      assertThat(ack.token()).isEqualTo(Dc09Token.ACK);
      assertThat(ack.encrypted()).isTrue();
      assertThat(ack.sequence()).isEqualTo(sequence);
      assertThat(ack.account()).isEqualTo(account);
    }

    @Override
    public String toString() {
      return new String(bytes, StandardCharsets.ISO_8859_1).strip()
          + " pad "
          + HexFormat.of().formatHex(pad);
    }
  }

  /** Any byte value but the three separators a pad must never hold. */
  private static byte[] randomPad(Random random, int length) {
    byte[] pad = new byte[length];
    for (int i = 0; i < length; i++) {
      int b;
      do {
        b = random.nextInt(256);
      } while (b == '[' || b == ']' || b == '|');
      pad[i] = (byte) b;
    }
    return pad;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static byte[] aesCbcZeroIv(byte[] key, byte[] plain) throws Exception {
    Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
    cipher.init(
        Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(new byte[16]));
    return cipher.doFinal(plain);
  }

  /**
   * CRC-16/ARC bit by bit (reflected 0xA001, init 0): written apart from the library's table
   * version.
   */
  private static int crc16Arc(String body) {
    int crc = 0;
    for (byte b : body.getBytes(StandardCharsets.ISO_8859_1)) {
      crc ^= b & 0xFF;
      for (int bit = 0; bit < 8; bit++) {
        crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0xA001 : crc >>> 1;
      }
    }
    return crc;
  }
}
