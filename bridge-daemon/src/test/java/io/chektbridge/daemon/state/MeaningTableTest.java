package io.chektbridge.daemon.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.chektbridge.daemon.config.BridgeConfig.EventMapEntry;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The built-in code table (meanings.tsv) covers the codes the issue and README, Site state name.
 */
class MeaningTableTest {
  private final MeaningTable table = MeaningTable.builtIn();

  @ParameterizedTest(name = "CID {0} → {1}")
  @CsvSource({
    "R401, arm_away",
    "R403, arm_away",
    "R407, arm_away",
    "R408, arm_away",
    "R409, arm_away",
    "R441, arm_stay",
    "R442, arm_stay",
    "E401, disarm",
    "E403, disarm",
    "E407, disarm",
    "E408, disarm",
    "E409, disarm",
    "E441, disarm",
    "E374, arm_failure",
    "E454, arm_failure",
    "E455, arm_failure",
    "E457, arm_failure",
    "E461, arm_failure",
    "E130, alarm",
    "R130, alarm_restore",
    "E110, alarm",
    "E120, alarm",
    "E100, alarm",
    "E199, alarm",
    "E137, tamper",
    "R144, tamper_restore",
    "E383, tamper",
    "E301, trouble",
    "R301, trouble_restore",
    "E302, trouble",
    "E321, trouble",
    "E350, trouble",
    "E356, trouble",
    "E384, trouble",
    "E381, trouble",
    "E333, trouble",
    "E570, bypass",
    "R570, unbypass",
    "E573, bypass",
    "E602, test",
    "E601, test",
    "E406, ignore"
  })
  void contactId(String code, String meaning) {
    CodeMapping m = table.lookup("CONTACT_ID", code.charAt(0), code.substring(1), null, "unknown");
    assertThat(m.meaning().wireName()).isEqualTo(meaning);
  }

  @ParameterizedTest(name = "SIA {0} → {1}")
  @CsvSource({
    "OP, disarm",
    "CL, arm_away",
    "OG, disarm",
    "CG, arm_away",
    "NL, arm_night",
    "NF, arm_night",
    "CF, arm_away",
    "OQ, disarm",
    "CQ, arm_away",
    "BA, alarm",
    "BR, alarm_restore",
    "FA, alarm",
    "FR, alarm_restore",
    "PA, alarm",
    "PR, alarm_restore",
    "TA, tamper",
    "TR, tamper_restore",
    "AT, trouble",
    "AR, trouble_restore",
    "YT, trouble",
    "YR, trouble_restore",
    "BB, bypass",
    "BU, unbypass",
    "CI, arm_failure",
    "EE, arm_failure",
    "RP, test",
    "RX, test"
  })
  void sia(String code, String meaning) {
    CodeMapping m = table.lookup("SIA_DC03", 'E', null, code, "unknown");
    assertThat(m.meaning().wireName()).isEqualTo(meaning);
  }

  @Test
  void kindsRefineMeanings() {
    assertThat(table.lookup("CONTACT_ID", 'E', "301", null, "trouble").kind()).isEqualTo("ac");
    assertThat(table.lookup("CONTACT_ID", 'E', "384", null, "trouble").kind())
        .isEqualTo("sensor_battery");
    assertThat(table.lookup("CONTACT_ID", 'E', "356", null, "trouble").kind())
        .isEqualTo("link_lost");
    assertThat(table.lookup("CONTACT_ID", 'E', "113", null, "alarm").kind()).isEqualTo("fire");
    assertThat(table.lookup("CONTACT_ID", 'E', "461", null, "access").kind())
        .isEqualTo("invalid_user_code");
  }

  @Test
  void mostSpecificPatternWinsAndExactBeatsPattern() {
    assertThat(table.lookup("CONTACT_ID", 'E', "131", null, "alarm").matchedBy())
        .isEqualTo("CID E13x");
    assertThat(table.lookup("CONTACT_ID", 'E', "374", null, "trouble").matchedBy())
        .isEqualTo("CID E374");
    assertThat(table.lookup("CONTACT_ID", 'E', "376", null, "trouble").matchedBy())
        .isEqualTo("CID E37x");
  }

  @Test
  void siaEventFallsBackToItsContactIdPairThenToItsCategory() {
    assertThat(table.lookup("SIA_DC03", 'E', "134", "BG", "alarm").matchedBy())
        .isEqualTo("CID E13x");
    CodeMapping none = table.lookup("SIA_DC03", 'E', null, "ZZ", "supervisory");
    assertThat(none.meaning()).isEqualTo(Meaning.TROUBLE);
    assertThat(none.matchedBy()).isEqualTo("category supervisory");
    assertThat(table.lookup("SIA_DC03", 'E', null, "ZY", "info").meaning())
        .isEqualTo(Meaning.IGNORE);
  }

  @Test
  void configOverridesWinOverBuiltInLines() {
    MeaningTable site =
        MeaningTable.withOverrides(
            List.of(
                new EventMapEntry("CID E750", Meaning.ZONE_OPEN),
                new EventMapEntry("sia cl", Meaning.ARM_STAY)));
    assertThat(site.lookup("CONTACT_ID", 'E', "750", null, "unknown").meaning())
        .isEqualTo(Meaning.ZONE_OPEN);
    CodeMapping cl = site.lookup("SIA_DC03", 'R', "401", "CL", "opening_closing");
    assertThat(cl.meaning()).isEqualTo(Meaning.ARM_STAY);
    assertThat(cl.matchedBy()).isEqualTo("event_map SIA CL");
  }
}
