package io.chektbridge.contactid;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded random checks: valid messages survive every form, damage is always caught, nothing else
 * escapes.
 */
class ContactIdPropertyTest {
  private static final String DTMF_ACCOUNT = "0123456789BCDEF";
  private static final String HEX_CODE_DIGITS = "0123456789BCDEF";

  static ContactIdMessage randomMessage(Random r, int accountLength) {
    StringBuilder account = new StringBuilder(accountLength);
    for (int k = 0; k < accountLength; k++) {
      account.append(DTMF_ACCOUNT.charAt(r.nextInt(DTMF_ACCOUNT.length())));
    }
    int code = r.nextInt(1000);
    if (r.nextInt(10) == 0) {
      int hex = 0;
      for (int k = 0; k < 3; k++) {
        hex =
            hex * 16
                + Character.digit(HEX_CODE_DIGITS.charAt(r.nextInt(HEX_CODE_DIGITS.length())), 16);
      }
      code =
          ContactIdMessage.isEventCode(ContactIdMessage.HEX_CODE_BASE + hex)
              ? ContactIdMessage.HEX_CODE_BASE + hex
              : code;
    }
    ContactIdQualifier[] qs = ContactIdQualifier.values();
    return new ContactIdMessage(
        account.toString(),
        r.nextBoolean() ? 18 : 98,
        qs[r.nextInt(qs.length)],
        code,
        r.nextInt(100),
        r.nextInt(1000));
  }

  @Test
  void randomValidMessagesRoundTripThroughEveryForm() throws Exception {
    Random r = new Random(20261122L);
    for (int i = 0; i < 200_000; i++) {
      ContactIdMessage m = randomMessage(r, 4);
      String full = ContactIdFormatter.format(m);
      assertThat(ContactIdParser.parse(full)).isEqualTo(m);
      assertThat(ContactIdFormatter.format(ContactIdParser.parse(full))).isEqualTo(full);
      assertThat(ContactIdParser.parseAny(ContactIdFormatter.formatSpaced(m))).isEqualTo(m);
      assertThat(ContactIdParser.parseAny(ContactIdFormatter.formatWithoutChecksum(m)))
          .isEqualTo(m);
      String receiverLine =
          ContactIdFormatter.formatReceiverLine(m, r.nextInt(256), r.nextInt(4096));
      assertThat(ContactIdParser.parseAny(receiverLine)).isEqualTo(m);
      assertThat(
              ContactIdFormatter.formatReceiverLine(
                  ContactIdParser.parseReceiverLine(receiverLine),
                  Integer.parseInt(receiverLine.substring(1, 3), 16),
                  Integer.parseInt(receiverLine.substring(3, 6), 16)))
          .isEqualTo(receiverLine);
      ContactIdMessage adm =
          new ContactIdMessage(
              m.account(), 18, m.qualifier(), m.eventCode(), m.partition(), m.number());
      assertThat(
              ContactIdParser.parseAdmCidPayload(
                  m.account(), ContactIdFormatter.formatAdmCidPayload(m)))
          .isEqualTo(adm);
      ContactIdMessage longAccount = randomMessage(r, 10);
      ContactIdMessage asReceived =
          new ContactIdMessage(
              longAccount.account(),
              18,
              longAccount.qualifier(),
              longAccount.eventCode(),
              longAccount.partition(),
              longAccount.number());
      assertThat(ContactIdParser.parseAny(ContactIdFormatter.formatReceiverLine(longAccount, 1, 1)))
          .isEqualTo(asReceived);
    }
  }

  /**
   * The check digit catches every single-character error: one changed digit moves the weight sum by
   * 1 to 14, never a multiple of 15. The only substitutions that still parse are spellings of the
   * same message (A for a 0 check digit, lower-case account hex).
   */
  @Test
  void everySingleCharacterSubstitutionIsRefusedOrMeansTheSameMessage() throws Exception {
    Random r = new Random(15L);
    String alphabet = "0123456789ABCDEFabcdef #";
    int refused = 0;
    for (int i = 0; i < 20_000; i++) {
      ContactIdMessage m = randomMessage(r, 4);
      String full = ContactIdFormatter.format(m);
      for (int pos = 0; pos < full.length(); pos++) {
        char replacement = alphabet.charAt(r.nextInt(alphabet.length()));
        if (Character.toUpperCase(replacement) == full.charAt(pos)) {
          continue;
        }
        String damaged = full.substring(0, pos) + replacement + full.substring(pos + 1);
        try {
          assertThat(ContactIdParser.parse(damaged)).as(damaged).isEqualTo(m);
        } catch (ContactIdParseException expected) {
          refused++;
        }
      }
    }
    assertThat(refused).isGreaterThan(250_000);
  }

  /**
   * Any text at all, any length: every parser returns or throws its own checked error, nothing
   * else.
   */
  @Test
  void noInputThrowsAnythingButTheParseError() {
    Random r = new Random(7L);
    String alphabet = "0123456789ABCDEFERPQ 5#|:-/@\u0014\r\n\u0000x";
    int parsed = 0;
    int refused = 0;
    for (int i = 0; i < 300_000; i++) {
      String text = i % 2 == 0 ? randomText(r, alphabet) : mutate(r, validLine(r));
      for (int form = 0; form < 6; form++) {
        try {
          switch (form) {
            case 0 -> ContactIdParser.parse(text);
            case 1 -> ContactIdParser.parseWithoutChecksum(text);
            case 2 -> ContactIdParser.parseAdmCidPayload("1234", text);
            case 3 -> ContactIdParser.parseReceiverLine(text);
            case 4 -> ContactIdParser.parseAdmCidBlock(text);
            default -> ContactIdParser.parseAny(text);
          }
          parsed++;
        } catch (ContactIdParseException e) {
          assertThat(e.error()).isNotNull();
          refused++;
        }
      }
    }
    assertThat(parsed).as("mutation leaves some lines valid").isGreaterThan(1000);
    assertThat(refused).isGreaterThan(1_000_000);
  }

  private static String randomText(Random r, String alphabet) {
    int length = r.nextInt(r.nextInt(10) == 0 ? 200 : 40);
    StringBuilder s = new StringBuilder(length);
    for (int k = 0; k < length; k++) {
      s.append(
          r.nextInt(12) == 0
              ? (char) r.nextInt(0x10000)
              : alphabet.charAt(r.nextInt(alphabet.length())));
    }
    return s.toString();
  }

  private static String validLine(Random r) {
    ContactIdMessage m = randomMessage(r, 4);
    return switch (r.nextInt(5)) {
      case 0 -> ContactIdFormatter.format(m);
      case 1 -> ContactIdFormatter.formatSpaced(m);
      case 2 -> ContactIdFormatter.formatWithoutChecksum(m);
      case 3 -> "#" + m.account() + "|" + ContactIdFormatter.formatAdmCidPayload(m);
      default -> ContactIdFormatter.formatReceiverLine(m, r.nextInt(256), r.nextInt(4096));
    };
  }

  /** Delete, insert or replace one to three characters, or cut the line. */
  private static String mutate(Random r, String line) {
    StringBuilder s = new StringBuilder(line);
    for (int n = 1 + r.nextInt(3); n > 0 && s.length() > 0; n--) {
      int at = r.nextInt(s.length());
      switch (r.nextInt(4)) {
        case 0 -> s.deleteCharAt(at);
        case 1 -> s.insert(at, (char) (r.nextBoolean() ? ' ' + r.nextInt(95) : r.nextInt(0x10000)));
        case 2 -> s.setCharAt(at, (char) ('0' + r.nextInt(43)));
        default -> s.setLength(at);
      }
    }
    return s.toString();
  }
}
