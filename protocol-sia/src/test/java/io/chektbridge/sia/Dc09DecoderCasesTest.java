package io.chektbridge.sia;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every case of dc09-cases.txt: result, answer bytes, every frame field and every event field. */
class Dc09DecoderCasesTest {

  static List<Dc09Case> cases() throws IOException {
    List<Dc09Case> all = new java.util.ArrayList<>(Dc09Case.load("dc09-cases.txt"));
    all.addAll(Dc09Case.load("dc09-adm-cid-cases.txt"));
    return all;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void decodesAsRecorded(Dc09Case c) {
    Instant now = Instant.parse(c.get("now"));
    Map<String, Dc09AccountSettings> accounts = new HashMap<>();
    boolean acceptUnknown = parseAccounts(c.get("accounts"), accounts);
    Dc09Decoder decoder = new Dc09Decoder(new MapDirectory(accounts, acceptUnknown));
    byte[] frame = c.bytes("frame");

    Dc09Result result = decoder.decode(frame, 0, frame.length, now);

    assertThat(result.valid())
        .as("valid (%s)", result.detail())
        .isEqualTo(Boolean.parseBoolean(c.get("valid")));
    assertThat(result.response()).isEqualTo(Dc09Response.valueOf(c.get("response")));
    assertThat(result.errorCode()).isEqualTo(c.nullable("error"));
    assertAnswer(c, result, accounts);
    if (c.get("token") != null) {
      assertFrame(c, result.frame());
    } else {
      assertThat(result.frame()).isNull();
    }
    assertThat(result.events()).hasSize(c.events().size());
    for (int i = 0; i < c.events().size(); i++) {
      assertEvent(c.events().get(i), result.events().get(i), result.frame());
    }
  }

  private static void assertAnswer(
      Dc09Case c, Dc09Result result, Map<String, Dc09AccountSettings> accounts) {
    String answer = c.get("answer");
    if (answer.equals("-")) {
      assertThat(result.responseBytes()).isNull();
    } else if (answer.equals("encrypted")) {
      byte[] key = accounts.get(c.get("account")).key();
      Dc09Answer decoded = decodeAnswer(result.responseBytes(), key);
      assertThat(decoded.token()).isEqualTo(Dc09Token.ACK);
      assertThat(decoded.encrypted()).isTrue();
      assertThat(decoded.sequence()).isEqualTo(c.get("sequence"));
      assertThat(decoded.account()).isEqualTo(c.get("account"));
      assertThat(decoded.timestamp()).isEqualTo(Instant.parse(c.get("now")));
      String text =
          new String(result.responseBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
      String header =
          "\"*ACK\""
              + c.get("sequence")
              + (c.nullable("receiver") == null ? "" : "R" + c.get("receiver"))
              + "L"
              + c.get("line")
              + "#"
              + c.get("account")
              + "[";
      assertThat(text.substring(9)).startsWith(header);
    } else {
      assertThat(new String(result.responseBytes(), java.nio.charset.StandardCharsets.ISO_8859_1))
          .isEqualTo(new String(c.bytes("answer"), java.nio.charset.StandardCharsets.ISO_8859_1));
    }
  }

  private static Dc09Answer decodeAnswer(byte[] bytes, byte[] key) {
    try {
      return Dc09Decoder.decodeResponse(bytes, 0, bytes.length, key);
    } catch (Dc09Exception e) {
      throw new AssertionError(e);
    }
  }

  private static void assertFrame(Dc09Case c, Dc09Frame f) {
    assertThat(f).isNotNull();
    assertThat(f.token().wire()).isEqualTo(c.get("token"));
    assertThat(f.encrypted()).isEqualTo(Boolean.parseBoolean(c.get("encrypted")));
    assertThat(f.sequence()).isEqualTo(c.get("sequence"));
    assertThat(f.receiver()).isEqualTo(c.nullable("receiver"));
    assertThat(f.line()).isEqualTo(c.get("line"));
    assertThat(f.account()).isEqualTo(c.nullable("account"));
    assertThat(f.data()).isEqualTo(c.get("data"));
    String extended =
        f.extended().stream().map(x -> x.id() + ":" + x.value()).collect(Collectors.joining("|"));
    assertThat(extended).isEqualTo(Dc09Case.unescapeText(c.get("extended")));
    assertThat(f.timestamp())
        .isEqualTo(c.nullable("timestamp") == null ? null : Instant.parse(c.get("timestamp")));
    assertThat(f.crcFormat()).isEqualTo(CrcFormat.valueOf(c.get("crc_format")));
  }

  private static void assertEvent(String spec, AlarmEvent e, Dc09Frame frame) {
    String account = frame.effectiveAccount();
    assertThat(e.account()).isEqualTo(account);
    if (spec.startsWith("CID:")) {
      String[] p = spec.substring(4).split(";", -1);
      assertThat(e.format()).isEqualTo(AlarmEvent.PayloadFormat.CONTACT_ID);
      assertThat(String.valueOf(e.qualifier().letter())).isEqualTo(p[0]);
      assertThat(e.cidCode()).isEqualTo(p[1]);
      assertThat(e.partition()).isEqualTo(integer(p[2]));
      assertThat(e.zone()).isEqualTo(integer(p[3]));
      assertThat(e.user()).isEqualTo(integer(p[4]));
      assertThat(e.text()).isEqualTo(nullable(p[5]));
      assertThat(e.panelTime()).isEqualTo(p[6].equals("-") ? null : Instant.parse(p[6]));
      assertThat(e.videoUrls())
          .isEqualTo(p[7].equals("-") ? List.of() : Arrays.asList(p[7].split(",")));
      assertThat(e.description()).isNotBlank();
      assertThat(e.category()).isNotBlank();
      return;
    }
    String[] p = spec.split(";", -1);
    assertThat(e.format()).isEqualTo(AlarmEvent.PayloadFormat.SIA_DC03);
    assertThat(String.valueOf(e.qualifier().letter())).isEqualTo(p[0]);
    assertThat(e.cidCode()).isEqualTo(nullable(p[1]));
    assertThat(e.siaCode()).isEqualTo(nullable(p[2]));
    assertThat(e.partition()).isEqualTo(integer(p[3]));
    assertThat(e.zone()).isEqualTo(integer(p[4]));
    assertThat(e.user()).isEqualTo(integer(p[5]));
    assertThat(e.text()).isEqualTo(nullable(p[6]) == null ? null : Dc09Case.unescapeText(p[6]));
    assertThat(e.panelTime()).isEqualTo(p[7].equals("-") ? null : Instant.parse(p[7]));
    assertThat(e.description()).isEqualTo(p[8]);
    assertThat(e.category()).isEqualTo(p[9]);
    assertThat(e.videoUrls())
        .isEqualTo(p[10].isEmpty() ? List.of() : Arrays.asList(p[10].split(",")));
  }

  private static String nullable(String s) {
    return s.equals("-") ? null : s;
  }

  private static Integer integer(String s) {
    return s.equals("-") ? null : Integer.valueOf(s);
  }

  private static boolean parseAccounts(String spec, Map<String, Dc09AccountSettings> out) {
    if (spec.equals("*")) {
      return true;
    }
    for (String entry : spec.split(",")) {
      String[] p = entry.split(":");
      byte[] key = p.length == 1 ? null : Dc09Keys.parse(p[1], KeyFormat.valueOf(p[2]));
      out.put(
          p[0], new Dc09AccountSettings(p[0], key, Duration.ofSeconds(40), Duration.ofSeconds(20)));
    }
    return false;
  }

  /** The directory the daemon would build from config. */
  record MapDirectory(Map<String, Dc09AccountSettings> accounts, boolean acceptUnknownAccounts)
      implements Dc09AccountDirectory {
    @Override
    public Dc09AccountSettings lookup(String account) {
      return accounts.get(account);
    }
  }
}
