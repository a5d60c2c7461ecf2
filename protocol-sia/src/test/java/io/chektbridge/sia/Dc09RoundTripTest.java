package io.chektbridge.sia;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Dc09RoundTripTest {
  private static final Instant NOW = Instant.parse("2026-01-15T12:00:00Z");

  @Test
  void crcIsArcWithItsCheckValue() {
    byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
    assertThat(Crc16Arc.compute(check, 0, check.length)).isEqualTo(0xBB3D);
  }

  @Test
  void nakMatchesAReceiverCapture() {
    // schmupu/ioBroker.sia#11: <LF>3C3B0025"NAK"0000R0L0A0[]_15:39:35,05-07-2019<CR>
    byte[] nak = Dc09Responder.nak(Instant.parse("2019-05-07T15:39:35Z"), CrcFormat.HEX);
    assertThat(new String(nak, StandardCharsets.US_ASCII))
        .isEqualTo("\n3C3B0025\"NAK\"0000R0L0A0[]_15:39:35,05-07-2019\r");
  }

  @ParameterizedTest(name = "AES key of {0} bytes")
  @ValueSource(ints = {0, 16, 24, 32})
  void formatThenParseGivesTheSameFrame(int keyLength) {
    byte[] key =
        keyLength == 0
            ? null
            : "0123456789abcdefFEDCBA9876543210"
                .substring(0, keyLength)
                .getBytes(StandardCharsets.US_ASCII);
    Dc09Frame sent =
        new Dc09Frame(
            Dc09Token.SIA_DCS,
            key != null,
            "0077",
            "A1",
            "12",
            "5678",
            "#5678|Nri2/BA03|Nri2/id7/OP07",
            List.of(
                new Dc09ExtendedData('V', "https://x.test/a.jpg"),
                new Dc09ExtendedData('I', "Küche €")),
            NOW,
            CrcFormat.HEX);
    byte[] bytes = Dc09Encoder.encode(sent, key);
    Dc09Decoder decoder =
        new Dc09Decoder(
            new Dc09DecoderCasesTest.MapDirectory(
                Map.of("5678", new Dc09AccountSettings("5678", key, null, null)), false));

    Dc09Result result = decoder.decode(bytes, 0, bytes.length, NOW.plusSeconds(3));

    assertThat(result.valid()).as(result.detail()).isTrue();
    assertThat(result.frame()).isEqualTo(sent);
    assertThat(result.events()).extracting(AlarmEvent::siaCode).containsExactly("BA", "OP");
    assertThat(result.events().get(1).user()).isEqualTo(7);
    assertThat(result.events().get(0).videoUrls()).containsExactly("https://x.test/a.jpg");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"HEX", "BINARY", "HEX_INCLUDING_CR"})
  void answersUseTheCallersCrcFormat(String format) {
    Dc09Frame sent = emptyFrame(Dc09Token.NULL, NOW, CrcFormat.valueOf(format));
    byte[] bytes = Dc09Encoder.encode(sent, null);
    Dc09Result result =
        new Dc09Decoder(new Dc09DecoderCasesTest.MapDirectory(Map.of(), true))
            .decode(bytes, 0, bytes.length, NOW);
    assertThat(result.frame().crcFormat()).isEqualTo(CrcFormat.valueOf(format));
    byte[] expectedAck =
        Dc09Encoder.encode(emptyFrame(Dc09Token.ACK, null, CrcFormat.valueOf(format)), null);
    assertThat(result.responseBytes()).isEqualTo(expectedAck);
  }

  /** Sequence 0001 from account 9413, with no receiver, line or data. */
  private static Dc09Frame emptyFrame(Dc09Token token, Instant timestamp, CrcFormat format) {
    return new Dc09Frame(token, false, "0001", null, "", "9413", "", List.of(), timestamp, format);
  }

  @Test
  void senderReadsNakTimeAndEncryptedAck() throws Dc09Exception {
    byte[] nak = Dc09Responder.nak(NOW, CrcFormat.HEX);
    Dc09Answer answer = Dc09Decoder.decodeResponse(nak, 0, nak.length, null);
    assertThat(answer).isEqualTo(new Dc09Answer(Dc09Token.NAK, false, "0000", null, NOW));

    byte[] key = Dc09Keys.parse("000102030405060708090A0B0C0D0E0F", KeyFormat.HEX);
    Dc09Frame frame =
        new Dc09Frame(
            Dc09Token.SIA_DCS,
            true,
            "0101",
            null,
            "0",
            "77",
            "#77|NRP",
            List.of(),
            NOW,
            CrcFormat.HEX);
    byte[] ack = Dc09Responder.ack(frame, key, NOW);
    assertThat(Dc09Decoder.decodeResponse(ack, 0, ack.length, key))
        .isEqualTo(new Dc09Answer(Dc09Token.ACK, true, "0101", "77", NOW));
    assertThatThrownBy(() -> Dc09Decoder.decodeResponse(ack, 0, ack.length, null))
        .isInstanceOf(Dc09Exception.class)
        .hasMessageStartingWith("decrypt_failed");
  }

  @Test
  void aRetransmissionIsAckedAgainWithTheSameBytes() {
    byte[] bytes =
        Dc09Encoder.encode(
            Dc09Token.SIA_DCS, "0005", null, "0", "1234", "#1234|Nri1/BA01", List.of(), NOW, null);
    Dc09Decoder decoder =
        new Dc09Decoder(
            new Dc09DecoderCasesTest.MapDirectory(
                Map.of("1234", Dc09AccountSettings.plain("1234")), false));
    Dc09Result first = decoder.decode(bytes, 0, bytes.length, NOW);
    Dc09Result again = decoder.decode(bytes, 0, bytes.length, NOW.plusSeconds(5));
    assertThat(again.responseBytes()).isEqualTo(first.responseBytes());
    assertThat(again.events()).isEqualTo(first.events());
  }

  @Test
  void keysAreParsedAsConfiguredNeverGuessed() {
    assertThat(Dc09Keys.parse("0123456789ABCDEF0123456789ABCDEF", KeyFormat.HEX)).hasSize(16);
    assertThat(Dc09Keys.parse("0123456789ABCDEF0123456789ABCDEF", KeyFormat.TEXT)).hasSize(32);
    assertThat(Dc09Keys.parse("abcdefghijklmnopqrstuvwx", KeyFormat.TEXT)).hasSize(24);
    assertThatThrownBy(() -> Dc09Keys.parse("0123", KeyFormat.HEX))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("32, 48 or 64 hex digits");
    assertThatThrownBy(() -> Dc09Keys.parse("0123456789ABCDEF0123456789ABCDEG", KeyFormat.HEX))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a hex digit");
    assertThatThrownBy(() -> Dc09Keys.parse("short", KeyFormat.TEXT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("16, 24 or 32 ASCII characters");
  }
}
