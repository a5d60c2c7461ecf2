package io.chektbridge.contactid;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ContactIdEventCodesTest {
  @ParameterizedTest
  @CsvSource({
    "130, ALARM, BA, BR, ZONE",
    "110, ALARM, FA, FH, ZONE",
    "120, ALARM, PA, PH, ZONE",
    "121, ALARM, HA, HH, USER",
    "301, TROUBLE, AT, AR, ZONE",
    "302, TROUBLE, YT, YR, ZONE",
    "401, OPENING_CLOSING, OP, CL, USER",
    "403, OPENING_CLOSING, OA, CA, USER",
    "407, OPENING_CLOSING, OQ, CQ, USER",
    "441, OPENING_CLOSING, OP, CL, USER",
    "570, BYPASS, BB, BU, ZONE",
    "602, TEST, RP, , ZONE",
    "607, TEST, TS, TE, USER",
    "200, SUPERVISORY, SS, SR, ZONE",
    "421, ACCESS, DD, , USER",
    "316, TROUBLE, TA, TR, ZONE",
    "126, ALARM, HA, HH, USER",
    "750, OTHER, , , ZONE",
  })
  void keyCodesHaveTheirRows(
      int code, ContactIdCategory category, String siaEvent, String siaRestore, NumberKind kind) {
    ContactIdEventCode row = ContactIdEventCodes.lookup(code);
    assertThat(row.category()).isEqualTo(category);
    assertThat(row.siaEvent()).isEqualTo(siaEvent);
    assertThat(row.siaRestore()).isEqualTo(siaRestore);
    assertThat(row.numberKind()).isEqualTo(kind);
    assertThat(row.description()).isNotBlank();
  }

  @Test
  void everyDefinedSeriesIsCoveredAndUnknownCodesNeverThrow() {
    int defined = 0;
    for (int code = 0; code <= 999; code++) {
      ContactIdEventCode row = ContactIdEventCodes.lookup(code);
      assertThat(row.code()).isEqualTo(code);
      if (ContactIdEventCodes.isDefined(code)) {
        defined++;
        assertThat(code).isBetween(100, 799);
      } else {
        assertThat(row.category()).isEqualTo(ContactIdCategory.UNKNOWN);
        assertThat(row.description()).startsWith("Unknown event");
      }
    }
    assertThat(defined).isGreaterThan(230);
    assertThat(ContactIdEventCodes.lookup(760).description()).isEqualTo("User-assigned event");
    assertThat(ContactIdEventCodes.lookup(-5).category()).isEqualTo(ContactIdCategory.UNKNOWN);
    assertThat(ContactIdEventCodes.lookup(5000).category()).isEqualTo(ContactIdCategory.UNKNOWN);
    assertThat(ContactIdEventCodes.lookup(ContactIdMessage.HEX_CODE_BASE + 0xB12).description())
        .isEqualTo("Unknown event B12");
    assertThat(ContactIdEventCodes.lookup(799).description()).isEqualTo("Unknown event 799");
  }
}
