package io.chektbridge.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chektbridge.sia.Dc09Encoder;
import io.chektbridge.sia.Dc09Token;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code decode} prints the fixed JSON for every input kind and every refusal. */
class DecodeCommandTest {
  private static final Instant TS = Instant.parse("2019-12-10T11:10:00Z");
  private final StringWriter out = new StringWriter();

  private List<JsonNode> decode(String... args) throws Exception {
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(new StringWriter(), true));
    cli.execute(args);
    ObjectMapper json = new ObjectMapper();
    return out.toString()
        .lines()
        .map(
            l -> {
              try {
                return json.readTree(l);
              } catch (Exception e) {
                throw new AssertionError(l, e);
              }
            })
        .toList();
  }

  private static String frame(byte[] key) {
    byte[] bytes =
        Dc09Encoder.encode(
            Dc09Token.SIA_DCS, "0002", "1", "232", "78919", "#78919|Nri1/BA15", List.of(), TS, key);
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }

  @Test
  void dc09FrameGivesTheFixedFields() throws Exception {
    JsonNode r = decode("decode", "--now", "2019-12-10T11:10:05Z", frame(null)).get(0);
    assertThat(r.get("valid").asBoolean()).isTrue();
    assertThat(r.get("response").asText()).isEqualTo("ACK");
    assertThat(r.get("format").asText()).isEqualTo("dc09");
    assertThat(r.get("token").asText()).isEqualTo("SIA-DCS");
    assertThat(r.get("encrypted").asBoolean()).isFalse();
    assertThat(r.get("sequence").asText()).isEqualTo("0002");
    assertThat(r.get("receiver").asText()).isEqualTo("R1");
    assertThat(r.get("line").asText()).isEqualTo("L232");
    assertThat(r.get("account").asText()).isEqualTo("78919");
    assertThat(r.get("timestamp").asText()).isEqualTo("2019-12-10T11:10:00Z");
    JsonNode e = r.get("events").get(0);
    assertThat(e.get("qualifier").asText()).isEqualTo("E");
    assertThat(e.get("code").asText()).isEqualTo("130");
    assertThat(e.get("sia_code").asText()).isEqualTo("BA");
    assertThat(e.get("partition").asInt()).isEqualTo(1);
    assertThat(e.get("zone").asInt()).isEqualTo(15);
    assertThat(e.get("user").isNull()).isTrue();
    assertThat(e.get("category").asText()).isEqualTo("alarm");
    assertThat(e.get("restore").asBoolean()).isFalse();
  }

  @Test
  void encryptedFrameNeedsTheKeyAndWrongKeyIsNeverAcked() throws Exception {
    String key = "000102030405060708090A0B0C0D0E0F";
    byte[] keyBytes = io.chektbridge.sia.Dc09Keys.parse(key, io.chektbridge.sia.KeyFormat.HEX);
    String encrypted = frame(keyBytes);
    List<JsonNode> r = decode("decode", "--now", "2019-12-10T11:10:05Z", "--key", key, encrypted);
    assertThat(r.get(0).get("encrypted").asBoolean()).isTrue();
    assertThat(r.get(0).get("response").asText()).isEqualTo("ACK");
    assertThat(r.get(0).get("events").get(0).get("zone").asInt()).isEqualTo(15);

    out.getBuffer().setLength(0);
    JsonNode wrong =
        decode(
                "decode",
                "--now",
                "2019-12-10T11:10:05Z",
                "--key",
                "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF",
                encrypted)
            .get(0);
    assertThat(wrong.get("valid").asBoolean()).isFalse();
    assertThat(wrong.get("response").asText()).isNotEqualTo("ACK");
    assertThat(wrong.get("error").asText()).isEqualTo("decrypt_failed");
  }

  @Test
  void refusalsNameTheReasonAndTheAnswer() throws Exception {
    String good = frame(null);
    String badCrc = good.substring(0, 1) + (good.charAt(1) == '0' ? '1' : '0') + good.substring(2);
    List<JsonNode> r =
        decode("decode", "--now", "2019-12-10T11:11:00Z", good, badCrc, "12341811310101");
    assertThat(r.get(0).get("error").asText()).isEqualTo("timestamp_out_of_window");
    assertThat(r.get(0).get("response").asText()).isEqualTo("NAK");
    assertThat(r.get(1).get("error").asText()).isEqualTo("crc_mismatch");
    assertThat(r.get(1).get("response").asText()).isEqualTo("NAK");
    assertThat(r.get(2).get("valid").asBoolean()).isFalse();
    assertThat(r.get(2).get("error").asText()).isEqualTo("wrong_length");
    assertThat(r.get(2).get("response").isNull()).isTrue();
  }

  @Test
  void contactIdAndSiaBlocks() throws Exception {
    List<JsonNode> r =
        decode(
            "decode",
            "--account",
            "1234",
            "1234 18 3 401 02 501 "
                + io.chektbridge.contactid.ContactIdFormatter.checksum("123418340102501"),
            "Nri2/id7/CL07|Nri1/BA03");
    JsonNode cid = r.get(0).get("events").get(0);
    assertThat(cid.get("qualifier").asText()).isEqualTo("R");
    assertThat(cid.get("code").asText()).isEqualTo("401");
    assertThat(cid.get("sia_code").asText()).isEqualTo("CL");
    assertThat(cid.get("user").asInt()).isEqualTo(501);
    assertThat(cid.get("zone").isNull()).isTrue();
    assertThat(cid.get("restore").asBoolean()).isTrue();
    JsonNode sia = r.get(1).get("events");
    assertThat(r.get(1).get("format").asText()).isEqualTo("sia");
    assertThat(sia).hasSize(2);
    assertThat(sia.get(0).get("sia_code").asText()).isEqualTo("CL");
    assertThat(sia.get(0).get("user").asInt()).isEqualTo(7);
    assertThat(sia.get(1).get("zone").asInt()).isEqualTo(3);
  }
}
