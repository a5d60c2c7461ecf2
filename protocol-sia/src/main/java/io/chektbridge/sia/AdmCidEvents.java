package io.chektbridge.sia;

import java.time.Instant;
import java.util.List;

/** ADM-CID payloads ({@code 1130 01 015}) through protocol-contactid. */
final class AdmCidEvents {
  private AdmCidEvents() {}

  static List<AlarmEvent> events(String account, String payload, Instant time, List<String> videoUrls, String text)
      throws Dc09Exception {
    throw new Dc09Exception(Dc09Error.UNSUPPORTED_TOKEN, "ADM-CID decoding arrives with protocol-contactid");
  }
}
