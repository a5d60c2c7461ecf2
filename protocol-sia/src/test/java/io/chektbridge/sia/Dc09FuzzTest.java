package io.chektbridge.sia;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded random inputs: the decoder never fails with anything but a named result, and never accepts
 * damage.
 */
class Dc09FuzzTest {
  private static final Instant NOW = Instant.parse("2026-01-15T12:00:00Z");
  private static final byte[] KEY =
      "0123456789ABCDEF".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private static final Dc09Decoder DECODER =
      new Dc09Decoder(
          new Dc09DecoderCasesTest.MapDirectory(
              Map.of(
                  "1234",
                  Dc09AccountSettings.plain("1234"),
                  "5678",
                  Dc09AccountSettings.encrypted("5678", KEY)),
              true));

  private static final List<byte[]> VALID =
      List.of(
          Dc09Encoder.encode(
              Dc09Token.SIA_DCS,
              "0042",
              "12",
              "3",
              "1234",
              "#1234|Nri1/BA05|Nti10:01:00/da08-18-24/RP",
              List.of(new Dc09ExtendedData('V', "https://x.test/1.jpg")),
              NOW,
              null),
          Dc09Encoder.encode(
              Dc09Token.SIA_DCS,
              "0043",
              null,
              "0",
              "5678",
              "#5678|Nri1/CL501^Anna^",
              List.of(),
              NOW,
              KEY),
          Dc09Encoder.encode(Dc09Token.NULL, "0000", null, "", "1234", "", List.of(), null, null),
          Dc09Encoder.encode(
              new Dc09Frame(
                  Dc09Token.SIA_DCS,
                  false,
                  "0001",
                  "1",
                  "1",
                  "1234",
                  "#1234|NBA1",
                  List.of(),
                  NOW,
                  CrcFormat.BINARY),
              null),
          Dc09Encoder.encode(
              new Dc09Frame(
                  Dc09Token.SIA_DCS,
                  false,
                  "0002",
                  null,
                  "9",
                  "1234",
                  "#1234|NBA1",
                  List.of(),
                  null,
                  CrcFormat.HEX_INCLUDING_CR),
              null));

  @Test
  void validSamplesAreAccepted() {
    for (byte[] frame : VALID) {
      assertThat(DECODER.decode(frame, 0, frame.length, NOW).valid()).isTrue();
    }
  }

  @Test
  void randomBytesOfAnyLengthGiveANamedResult() {
    Random random = new Random(20260115);
    for (int i = 0; i < 20_000; i++) {
      byte[] input = new byte[random.nextInt(300)];
      random.nextBytes(input);
      if (random.nextBoolean() && input.length > 0) {
        input[0] = '\n';
      }
      assertNamed(DECODER.decode(input, 0, input.length, NOW));
    }
  }

  @Test
  void anyDamageToAValidFrameIsCaught() {
    Random random = new Random(42);
    for (int i = 0; i < 50_000; i++) {
      byte[] frame = VALID.get(random.nextInt(VALID.size())).clone();
      int at = random.nextInt(frame.length);
      byte replacement = (byte) random.nextInt(256);
      boolean trailer = replacement == 0 || replacement == '\n' || replacement == ' ';
      if (frame[at] == replacement
          || (at == frame.length - 1 && trailer)
          || (at < 10 && sameHexDigit(frame[at], replacement))) {
        // no change; a NUL, LF or space where the CR was (what senders put after a frame, and the
        // CR is
        // optional); or a CRC/length digit in the other case: the same frame
        continue;
      }
      frame[at] = replacement;
      Dc09Result result = DECODER.decode(frame, 0, frame.length, NOW);
      assertNamed(result);
      assertThat(result.valid())
          .as(
              "byte %d set to %02X in %s",
              at,
              replacement & 0xFF,
              new String(frame, java.nio.charset.StandardCharsets.ISO_8859_1))
          .isFalse();
    }
  }

  @Test
  void truncationAtAnyPointIsCaught() {
    for (byte[] frame : VALID) {
      for (int length = 0; length < frame.length - 1; length++) {
        Dc09Result result = DECODER.decode(frame, 0, length, NOW);
        assertNamed(result);
        assertThat(result.valid()).isFalse();
      }
    }
  }

  @Test
  void badBoundsGiveMalformed() {
    assertThat(DECODER.decode(null, 0, 0, NOW).error()).isEqualTo(Dc09Error.MALFORMED);
    assertThat(DECODER.decode(new byte[4], 3, 5, NOW).error()).isEqualTo(Dc09Error.MALFORMED);
    assertThat(DECODER.decode(new byte[4], -1, 2, NOW).error()).isEqualTo(Dc09Error.MALFORMED);
  }

  private static boolean sameHexDigit(byte a, byte b) {
    return Character.digit(a, 16) >= 0 && Character.digit(a, 16) == Character.digit(b, 16);
  }

  private static void assertNamed(Dc09Result result) {
    assertThat(result).isNotNull();
    if (!result.valid()) {
      assertThat(result.error()).as("an invalid frame always names its error").isNotNull();
      assertThat(result.detail()).doesNotStartWith("internal error");
    }
    assertThat(result.responseBytes() == null).isEqualTo(result.response() == Dc09Response.NONE);
  }
}
