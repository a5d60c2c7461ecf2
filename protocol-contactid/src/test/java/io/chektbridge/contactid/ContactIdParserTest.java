package io.chektbridge.contactid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ContactIdParserTest {

  static Stream<Arguments> vectors() throws IOException {
    try (InputStream in = ContactIdParserTest.class.getResourceAsStream("messages.txt")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
          .filter(l -> !l.isBlank() && !l.startsWith("#"))
          .map(l -> Arrays.stream(l.split("\\|")).map(String::strip).toArray(String[]::new))
          .filter(f -> !f[2].equals("-"))
          .map(f -> Arguments.of((Object) f))
          .toList().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("vectors")
  void documentedVectorsDecodeEveryField(String[] f) throws Exception {
    ContactIdMessage m = f[0].equals("adm") ? ContactIdParser.parseAdmCidPayload(f[2], f[1]) : ContactIdParser.parse(f[1]);
    assertThat(m.account()).isEqualTo(f[2]);
    assertThat(m.messageType()).isEqualTo(Integer.parseInt(f[3]));
    assertThat(m.qualifier()).isEqualTo(ContactIdQualifier.valueOf(f[4]));
    assertThat(m.eventCode()).isEqualTo(Integer.parseInt(f[5]));
    assertThat(m.partition()).isEqualTo(Integer.parseInt(f[6]));
    assertThat(m.number()).isEqualTo(Integer.parseInt(f[7]));
    assertThat(m.numberIsUser()).isEqualTo(Boolean.parseBoolean(f[8]));
    assertThat(m.code().category()).isEqualTo(ContactIdCategory.valueOf(f[9]));
    assertThat(m.code().siaCode(m.qualifier())).isEqualTo(f[10]);
    String compact = f[1].replace(" ", "");
    if (f[0].equals("adm")) {
      assertThat(ContactIdFormatter.formatAdmCidPayload(m).replace(" ", "")).isEqualTo(compact);
    } else {
      assertThat(ContactIdFormatter.format(m)).isEqualTo(compact);
    }
  }

  @Test
  void checksumRulesZeroCountsTenAndFifteenIsF() throws Exception {
    assertThat(ContactIdFormatter.checksum("123418113101015")).isEqualTo('8');
    boolean sawF = false;
    boolean sawZero = false;
    for (int zone = 0; zone <= 999; zone++) {
      ContactIdMessage m = new ContactIdMessage("BCDE", 18, ContactIdQualifier.NEW_EVENT, 130, 1, zone);
      String wire = ContactIdFormatter.format(m);
      char check = wire.charAt(15);
      assertThat(check).as("a check digit is never written 0 for 15, nor A for 10").isNotEqualTo('A');
      assertThat(ContactIdParser.parse(wire)).isEqualTo(m);
      if (check == 'F') {
        sawF = true;
      } else if (check == '0') {
        sawZero = true;
        // spandsp writes 10 as DTMF 'A': accepted as the same digit
        assertThat(ContactIdParser.parse(wire.substring(0, 15) + "A")).isEqualTo(m);
      }
    }
    assertThat(sawF).isTrue();
    assertThat(sawZero).isTrue();
  }

  @Test
  void everyQualifierPartitionAndZoneRoundTrips() throws Exception {
    for (ContactIdQualifier q : ContactIdQualifier.values()) {
      for (int partition = 0; partition <= 99; partition++) {
        for (int zone = 0; zone <= 999; zone += 37) {
          ContactIdMessage m = new ContactIdMessage("12F4", 18, q, 130, partition, zone);
          String wire = ContactIdFormatter.format(m);
          assertThat(ContactIdParser.parse(wire)).isEqualTo(m);
          assertThat(ContactIdParser.parse(ContactIdFormatter.formatSpaced(m))).isEqualTo(m);
          assertThat(ContactIdParser.parseWithoutChecksum(ContactIdFormatter.withoutChecksum(m))).isEqualTo(m);
        }
      }
    }
  }

  @Test
  void receiverAutomationLine() throws Exception {
    ContactIdMessage m = ContactIdParser.parseReceiverLine("501012 181234113001015\u0014");
    assertThat(m).isEqualTo(new ContactIdMessage("1234", 18, ContactIdQualifier.NEW_EVENT, 130, 1, 15));
    assertThat(ContactIdFormatter.formatReceiverLine(m, 1, 12)).isEqualTo("501012 181234113001015\u0014");
    assertThat(ContactIdParser.parseAny("501012 18123456340102005\u0014"))
        .isEqualTo(new ContactIdMessage("123456", 18, ContactIdQualifier.RESTORE, 401, 2, 5));
    assertThat(ContactIdParser.parseAny("1234 18 1 131 01 015 8").eventCode()).isEqualTo(131);
    assertThat(ContactIdParser.parseAny("123418113101015").eventCode()).isEqualTo(131);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "1234181131010159    | bad_checksum",
      "123418113101015     | wrong_length",
      "12341811310101588   | wrong_length",
      "''                  | wrong_length",
      "1A34181131010158    | non_digit",
      "1234181X31010158    | non_digit",
      "1234182131010158    | bad_qualifier",
      "1234171131010158    | bad_message_type",
      "12341811310101.8    | non_digit",
  })
  void everyErrorIsNamed(String input, String code) {
    assertThatThrownBy(() -> ContactIdParser.parse(input))
        .isInstanceOfSatisfying(ContactIdParseException.class, e -> assertThat(e.error().code()).isEqualTo(code));
  }

  @ParameterizedTest
  @ValueSource(strings = {"5010 12 181234113001015", "501012 18113001015", "601012 181234113001015"})
  void badReceiverLinesAreNamed(String line) {
    assertThatThrownBy(() -> ContactIdParser.parseReceiverLine(line)).isInstanceOf(ContactIdParseException.class);
  }

  /** 200,000 random valid messages round-trip through every form. */
  @Test
  void propertyRandomValidMessagesRoundTrip() throws Exception {
    Random random = new Random(20261122L);
    String accountDigits = "0123456789BCDEF";
    ContactIdQualifier[] qs = ContactIdQualifier.values();
    for (int i = 0; i < 200_000; i++) {
      StringBuilder account = new StringBuilder();
      for (int k = 0; k < 4; k++) {
        account.append(accountDigits.charAt(random.nextInt(accountDigits.length())));
      }
      ContactIdMessage m = new ContactIdMessage(account.toString(), random.nextBoolean() ? 18 : 98,
          qs[random.nextInt(qs.length)], random.nextInt(1000), random.nextInt(100), random.nextInt(1000));
      assertThat(ContactIdParser.parse(ContactIdFormatter.format(m))).isEqualTo(m);
      assertThat(ContactIdParser.parseAdmCidPayload(m.account(), ContactIdFormatter.formatAdmCidPayload(m)))
          .isEqualTo(new ContactIdMessage(m.account(), 18, m.qualifier(), m.eventCode(), m.partition(), m.number()));
    }
  }

  /** Any input at all: parsed, or refused with the library's own error; nothing else escapes. */
  @Test
  void propertyNoInputThrowsAnythingElse() {
    Random random = new Random(7L);
    String alphabet = "0123456789ABCDEF 5\u0014\r\n#|x\u00ff";
    int parsed = 0;
    for (int i = 0; i < 300_000; i++) {
      int length = random.nextInt(30);
      StringBuilder s = new StringBuilder(length);
      for (int k = 0; k < length; k++) {
        s.append(random.nextInt(10) == 0 ? (char) random.nextInt(0x10000) : alphabet.charAt(random.nextInt(alphabet.length())));
      }
      for (int form = 0; form < 4; form++) {
        try {
          switch (form) {
            case 0 -> ContactIdParser.parseAny(s);
            case 1 -> ContactIdParser.parseWithoutChecksum(s);
            case 2 -> ContactIdParser.parseAdmCidPayload("1234", s);
            default -> ContactIdParser.parseReceiverLine(s);
          }
          parsed++;
        } catch (ContactIdParseException expected) {
          assertThat(expected.error()).isNotNull();
        }
      }
    }
    assertThat(parsed).as("some random inputs happen to be valid").isGreaterThan(0);
  }
}
