package io.chektbridge.sia;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SiaDataParserTest {
  private static final Instant FRAME_TIME = Instant.parse("2024-08-18T09:00:00Z");

  private static List<AlarmEvent> parse(String block) throws SiaParseException {
    return SiaDataParser.parse("1234", block, FRAME_TIME, List.of(), null);
  }

  @Test
  void closingCarriesAUserNotAZone() throws SiaParseException {
    // pysiaalarm tests case_cl: Nri1/CL501
    AlarmEvent e = parse("Nri1/CL501").get(0);
    assertThat(e.user()).isEqualTo(501);
    assertThat(e.zone()).isNull();
    assertThat(e.partition()).isEqualTo(1);
    assertThat(e.qualifier()).isEqualTo(AlarmEvent.Qualifier.RESTORE);
    assertThat(e.cidCode()).isEqualTo("401");
    assertThat(e.category()).isEqualTo("opening_closing");
  }

  @Test
  void areaCodeNumberIsThePartition() throws SiaParseException {
    AlarmEvent e = parse("NCG03").get(0);
    assertThat(e.partition()).isEqualTo(3);
    assertThat(e.zone()).isNull();
    assertThat(e.user()).isNull();
  }

  @Test
  void modifiersWithoutSlashesAndNames() throws SiaParseException {
    // pysiaalarm tests case_bug (#11): Nri1CL0^VX FRONTE ^
    AlarmEvent e = parse("Nri1CL0^VX FRONTE ^").get(0);
    assertThat(e.siaCode()).isEqualTo("CL");
    assertThat(e.user()).isNull();
    assertThat(e.text()).isEqualTo("VX FRONTE");
  }

  @Test
  void severalEventsAndBlocksWithTimeDateAndText() throws SiaParseException {
    List<AlarmEvent> events =
        parse("Nri2/BA03/BA04|Nti10:01:00/da08-18-24/id7/OP|Oti12:00/TA03|AFront hall");
    assertThat(events).extracting(AlarmEvent::siaCode).containsExactly("BA", "BA", "OP", "TA");
    assertThat(events).extracting(AlarmEvent::zone).containsExactly(3, 4, null, 3);
    assertThat(events.get(0).partition()).isEqualTo(2);
    assertThat(events.get(2).partition()).isNull(); // modifiers do not leak into the next block
    assertThat(events.get(2).user()).isEqualTo(7);
    assertThat(events.get(2).panelTime()).isEqualTo(Instant.parse("2024-08-18T10:01:00Z"));
    assertThat(events.get(3).panelTime()).isEqualTo(Instant.parse("2024-08-18T12:00:00Z"));
    assertThat(events.get(3).text()).isEqualTo("Front hall");
    assertThat(events.get(0).text()).isNull();
  }

  @Test
  void xsiaNamesAndTheBareNmMarker() throws SiaParseException {
    // pysiaalarm PR #44 (Galaxy/Aritech via Osborne-Hoffman) and tests case_op
    assertThat(parse("NRP000*'DECKERS'NM").get(0).text()).isEqualTo("DECKERS");
    assertThat(parse("Nri01/CL003*''NM").get(0).user()).isEqualTo(3);
    List<AlarmEvent> op = parse("Nri04/OP001NM");
    assertThat(op).hasSize(1);
    assertThat(op.get(0).user()).isEqualTo(1);
    assertThat(op.get(0).partition()).isEqualTo(4);
  }

  @Test
  void unknownCodesAreKeptRaw() throws SiaParseException {
    AlarmEvent e = parse("Nri1/QQ12").get(0);
    assertThat(e.siaCode()).isEqualTo("QQ");
    assertThat(e.category()).isEqualTo("unknown");
    assertThat(e.zone()).isEqualTo(12);
  }

  @Test
  void garbageIsANamedError() {
    assertThatThrownBy(() -> parse("Nri1/B")).isInstanceOf(SiaParseException.class);
    assertThatThrownBy(() -> parse("N#%")).isInstanceOf(SiaParseException.class);
    assertThatThrownBy(() -> parse("Nti25:00/BA1")).isInstanceOf(SiaParseException.class);
    assertThatThrownBy(() -> parse("Nda13-45-24/BA1")).isInstanceOf(SiaParseException.class);
  }

  @Test
  void bareBlockWithAccountForTheCli() throws SiaParseException {
    List<AlarmEvent> events = SiaDecode.parseBlock(null, "[#7788|Nri3/FA12]");
    assertThat(events.get(0).account()).isEqualTo("7788");
    assertThat(events.get(0).cidCode()).isEqualTo("110");
    assertThat(events.get(0).panelTime()).isNull();
  }

  @Test
  void codeTableIsCompleteAndConsistent() {
    assertThat(SiaCodes.all()).hasSizeGreaterThan(300);
    assertThat(SiaCodes.lookup("CL").numberKind()).isEqualTo(SiaNumberKind.USER);
    assertThat(SiaCodes.lookup("NL").numberKind()).isEqualTo(SiaNumberKind.AREA);
    assertThat(SiaCodes.lookup("RP").numberKind()).isEqualTo(SiaNumberKind.NONE);
    assertThat(SiaCodes.lookup("BH").restore()).isTrue();
    assertThat(SiaCodes.lookup("ZX").unknown()).isTrue();
    for (String sia : SiaToCid.all().keySet()) {
      assertThat(SiaCodes.lookup(sia).unknown()).as(sia).isFalse();
    }
  }
}
