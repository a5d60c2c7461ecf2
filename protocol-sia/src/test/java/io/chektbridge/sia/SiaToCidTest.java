package io.chektbridge.sia;

import static org.assertj.core.api.Assertions.assertThat;

import io.chektbridge.contactid.ContactIdEventCode;
import io.chektbridge.contactid.ContactIdEventCodes;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * SIA → CID is a projection (SIA has finer codes: NL and CL both land on a closing), so the pairs
 * are checked for what must hold: the CID code exists, and wherever the Contact ID table names a
 * SIA code for a (code, qualifier), going there and back returns the same code and qualifier.
 */
class SiaToCidTest {
  @Test
  void everyPairNamesADefinedContactIdCode() {
    for (Map.Entry<String, SiaToCid.CidForm> pair : SiaToCid.all().entrySet()) {
      int code = Integer.parseInt(pair.getValue().code());
      assertThat(ContactIdEventCodes.isDefined(code))
          .as("CID %s for SIA %s", code, pair.getKey())
          .isTrue();
    }
  }

  @Test
  void contactIdToSiaAndBackIsStable() {
    int checked = 0;
    for (Map.Entry<String, SiaToCid.CidForm> pair : SiaToCid.all().entrySet()) {
      SiaToCid.CidForm cid = pair.getValue();
      ContactIdEventCode row = ContactIdEventCodes.lookup(Integer.parseInt(cid.code()));
      String sia =
          cid.qualifier() == AlarmEvent.Qualifier.RESTORE ? row.siaRestore() : row.siaEvent();
      if (sia != null && SiaToCid.lookup(sia) != null) {
        SiaToCid.CidForm back = SiaToCid.lookup(sia);
        assertThat(back.qualifier())
            .as("%s -> %s -> %s", pair.getKey(), cid, sia)
            .isEqualTo(cid.qualifier());
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(30);
    assertThat(SiaToCid.lookup("BA"))
        .isEqualTo(new SiaToCid.CidForm("130", AlarmEvent.Qualifier.EVENT));
    assertThat(SiaToCid.lookup("CL"))
        .isEqualTo(new SiaToCid.CidForm("401", AlarmEvent.Qualifier.RESTORE));
    assertThat(SiaToCid.lookup("OP"))
        .isEqualTo(new SiaToCid.CidForm("401", AlarmEvent.Qualifier.EVENT));
  }
}
