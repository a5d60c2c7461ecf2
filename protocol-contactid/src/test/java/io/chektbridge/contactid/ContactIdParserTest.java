package io.chektbridge.contactid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class ContactIdParserTest {
  /** One line of messages.txt. */
  record Vector(
      String form,
      String input,
      String account,
      int mt,
      ContactIdQualifier qualifier,
      String code,
      int partition,
      int number,
      boolean user,
      ContactIdCategory category,
      String sia,
      String source) {
    @Override
    public String toString() {
      return form + " " + input.replace("\u0014", "<DC4>");
    }
  }

  static List<Vector> vectors() throws IOException {
    try (InputStream in = ContactIdParserTest.class.getResourceAsStream("messages.txt")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .lines()
          .filter(l -> !l.isBlank() && !l.startsWith("#"))
          .map(l -> Arrays.stream(l.split("\\|")).map(String::strip).toArray(String[]::new))
          .map(
              f ->
                  new Vector(
                      f[0],
                      f[1].replace("\\x14", "\u0014"),
                      f[2],
                      Integer.parseInt(f[3]),
                      ContactIdQualifier.valueOf(f[4]),
                      f[5],
                      Integer.parseInt(f[6]),
                      Integer.parseInt(f[7]),
                      Boolean.parseBoolean(f[8]),
                      ContactIdCategory.valueOf(f[9]),
                      f[10].equals("-") ? null : f[10],
                      f[11]))
          .toList();
    }
  }

  private static ContactIdMessage parse(Vector v) throws ContactIdParseException {
    return switch (v.form()) {
      case "full" -> ContactIdParser.parse(v.input());
      case "bare" -> ContactIdParser.parseWithoutChecksum(v.input());
      case "adm" -> ContactIdParser.parseAdmCidPayload(v.account(), v.input());
      case "recv" -> ContactIdParser.parseReceiverLine(v.input());
      default -> throw new IllegalArgumentException(v.form());
    };
  }

  @ParameterizedTest
  @MethodSource("vectors")
  void documentedMessagesDecodeEveryField(Vector v) throws Exception {
    ContactIdMessage m = parse(v);
    assertThat(m.account()).isEqualTo(v.account());
    assertThat(m.messageType()).isEqualTo(v.mt());
    assertThat(m.qualifier()).isEqualTo(v.qualifier());
    assertThat(m.eventCodeText()).isEqualTo(v.code());
    assertThat(m.partition()).isEqualTo(v.partition());
    assertThat(m.number()).isEqualTo(v.number());
    assertThat(m.numberIsUser()).isEqualTo(v.user());
    assertThat(m.code().category()).isEqualTo(v.category());
    assertThat(m.code().siaCode(m.qualifier())).isEqualTo(v.sia());
    if (!v.form().equals("adm")) {
      assertThat(ContactIdParser.parseAny(v.input()))
          .as("parseAny recognises the form")
          .isEqualTo(m);
    } else {
      assertThat(ContactIdParser.parseAny("#" + v.account() + "|" + v.input())).isEqualTo(m);
    }
  }

  @ParameterizedTest
  @MethodSource("vectors")
  void formattingAParsedMessageGivesTheInputBack(Vector v) throws Exception {
    ContactIdMessage m = parse(v);
    String input = v.input().toUpperCase(Locale.ROOT);
    switch (v.form()) {
      case "full" ->
          assertThat(
                  input.contains(" ")
                      ? ContactIdFormatter.formatSpaced(m)
                      : ContactIdFormatter.format(m))
              .isEqualTo(input);
      case "bare" -> assertThat(ContactIdFormatter.formatWithoutChecksum(m)).isEqualTo(input);
      case "adm" ->
          assertThat(ContactIdFormatter.formatAdmCidPayload(m))
              .isEqualTo(
                  input.contains(" ")
                      ? input
                      : input.substring(0, 4)
                          + " "
                          + input.substring(4, 6)
                          + " "
                          + input.substring(6));
      default -> {
        int receiver = Integer.parseInt(input.substring(1, 3), 16);
        boolean longLine = input.charAt(6) == ' ';
        int line = Integer.parseInt(input.substring(3, longLine ? 6 : 4), 16);
        String again = ContactIdFormatter.formatReceiverLine(m, receiver, line);
        if (longLine && input.indexOf(':') < 0) {
          assertThat(again).isEqualTo(input);
        }
        assertThat(ContactIdParser.parseReceiverLine(again)).isEqualTo(m);
      }
    }
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '\'',
      value = {
        "full | 1234181131010159          | bad_checksum",
        "full | 123418113101015           | wrong_length",
        "full | 12341811310101588         | wrong_length",
        "full | ''                        | wrong_length",
        "full | 1A34181131010158          | non_digit",
        "full | 1234181X31010158          | non_digit",
        "full | 12341811310B0158          | non_digit",
        "full | 123418113101015G          | non_digit",
        "full | 12341811310101.8          | non_digit",
        "full | 1234182131010158          | bad_qualifier",
        "full | 1234180131010158          | bad_qualifier",
        "full | 1234171131010158          | bad_message_type",
        "full | 1234\t181131010158        | wrong_length",
        "bare | 12341811310101            | wrong_length",
        "bare | 123418513101015           | bad_qualifier",
        "bare | 123428113101015           | bad_message_type",
        "adm  | 1130 01 01                | wrong_length",
        "adm  | 2130 01 015               | bad_qualifier",
        "adm  | 1A30 01 015               | non_digit",
        "adm  | 1130 0B 015               | non_digit",
        "recv | 501100 181234X12101001    | bad_qualifier",
        "recv | 501100 181234112101001    | bad_qualifier",
        "recv | 501100 171234E12101001    | bad_message_type",
        "recv | Q01100 181234567890E13001015 | bad_message_type",
        "recv | 501100 181234E1210100     | wrong_length",
        "recv | 50110018 1234E12101001    | malformed",
        "recv | 5G1100 181234E12101001    | non_digit",
        "recv | 501100 181A34E12101001    | non_digit",
        "recv | S01100 [#1234 NBA01]      | malformed",
        "recv | 501100 181234E1210100112:3X:05-07/04 | malformed",
        "recv | '1011           @    '    | receiver_heartbeat",
        "recv | '101100           @    '  | receiver_heartbeat",
        "any  | 12345                     | wrong_length",
        "any  | #1234 1130 01 015         | malformed",
        "any  | '1011           @    '    | receiver_heartbeat",
      })
  void everyRefusalIsNamed(String form, String input, String code) {
    assertThatThrownBy(
            () -> {
              switch (form) {
                case "full" -> ContactIdParser.parse(input);
                case "bare" -> ContactIdParser.parseWithoutChecksum(input);
                case "adm" -> ContactIdParser.parseAdmCidPayload("1234", input);
                case "recv" -> ContactIdParser.parseReceiverLine(input + ContactIdParser.DC4);
                default -> ContactIdParser.parseAny(input);
              }
            })
        .isInstanceOfSatisfying(
            ContactIdParseException.class,
            e -> {
              assertThat(e.error().code()).isEqualTo(code);
              assertThat(e.getMessage()).isNotBlank();
              assertThat(e.getStackTrace()).as("refusals are cheap: no stack trace").isEmpty();
            });
  }

  @Test
  void checkDigitRulesZeroCountsTenAndFifteenIsWrittenF() throws Exception {
    assertThat(ContactIdFormatter.checksum("123418113101015")).isEqualTo('8');
    assertThat(ContactIdFormatter.checksum("1234 18 1 131 01 015")).isEqualTo('8');
    boolean sawF = false;
    boolean sawZero = false;
    for (int zone = 0; zone <= 999; zone++) {
      ContactIdMessage m =
          new ContactIdMessage("BCDE", 18, ContactIdQualifier.NEW_EVENT, 130, 1, zone);
      String wire = ContactIdFormatter.format(m);
      char check = wire.charAt(15);
      assertThat(check).as("10 is written 0, never A").isNotEqualTo('A');
      if (check == 'F') {
        sawF = true;
      } else if (check == '0') {
        sawZero = true;
        assertThat(ContactIdParser.parse(wire.substring(0, 15) + "A"))
            .as("spandsp's A for 10")
            .isEqualTo(m);
      }
    }
    assertThat(sawF).isTrue();
    assertThat(sawZero).isTrue();
    assertThatThrownBy(() -> ContactIdFormatter.checksum("12341811310101"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ContactIdFormatter.checksum("12341811310101X"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void everyQualifierPartitionAndZoneRoundTrips() throws Exception {
    for (ContactIdQualifier q : ContactIdQualifier.values()) {
      assertThat(ContactIdQualifier.ofDigit((char) ('0' + q.digit()))).isEqualTo(q);
      assertThat(ContactIdQualifier.ofLetter(q.letter())).isEqualTo(q);
      for (int partition = 0; partition <= 99; partition++) {
        for (int zone = 0; zone <= 999; zone++) {
          ContactIdMessage m = new ContactIdMessage("12F4", 18, q, 130, partition, zone);
          assertThat(ContactIdParser.parse(ContactIdFormatter.format(m))).isEqualTo(m);
        }
      }
    }
  }

  @Test
  void userAndZoneNumbersFollowTheCode() throws Exception {
    assertThat(
            ContactIdParser.parse(
                    "1234 18 3 401 02 501 " + ContactIdFormatter.checksum("123418340102501"))
                .numberKind())
        .isEqualTo(NumberKind.USER);
    assertThat(ContactIdParser.parseAdmCidPayload("1234", "1121 01 007").numberIsUser())
        .as("duress carries a user")
        .isTrue();
    assertThat(ContactIdParser.parseAdmCidPayload("1234", "1570 01 007").numberIsUser())
        .as("bypass carries a zone")
        .isFalse();
    assertThat(ContactIdParser.parseAdmCidPayload("1234", "1799 01 007").code().category())
        .isEqualTo(ContactIdCategory.UNKNOWN);
  }

  @Test
  void lineTerminatorsAroundALineAreIgnoredByParseAny() throws Exception {
    ContactIdMessage m = ContactIdParser.parse("1234181131010158");
    assertThat(ContactIdParser.parseAny("1234181131010158\r\n")).isEqualTo(m);
    assertThat(ContactIdParser.parseAny("\n1234 18 1 131 01 015 8\r")).isEqualTo(m);
    assertThat(ContactIdParser.parseAny("#1234|1131 01 015\u0000")).isEqualTo(m);
  }

  @Test
  void formattersRefuseWhatTheWireFormCannotCarry() {
    ContactIdMessage dc09Account =
        new ContactIdMessage("A1234", 18, ContactIdQualifier.NEW_EVENT, 130, 1, 1);
    assertThatThrownBy(() -> ContactIdFormatter.format(dc09Account))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ContactIdFormatter.formatReceiverLine(dc09Account, 1, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(ContactIdFormatter.formatAdmCidPayload(dc09Account)).isEqualTo("1130 01 001");
    ContactIdMessage m = new ContactIdMessage("1234", 18, ContactIdQualifier.NEW_EVENT, 130, 1, 1);
    assertThatThrownBy(() -> ContactIdFormatter.formatReceiverLine(m, 256, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> new ContactIdMessage("12 4", 18, ContactIdQualifier.NEW_EVENT, 130, 1, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                new ContactIdMessage("1234", 18, ContactIdQualifier.NEW_EVENT, 1000 + 0x130, 1, 1))
        .as("a decimal-looking code has only its decimal form")
        .isInstanceOf(IllegalArgumentException.class);
  }
}
