package io.chektbridge.sia;

import java.util.HashMap;
import java.util.Map;

/**
 * Contact ID counterpart of common SIA codes ({@code sia-to-cid.csv}), so both code forms reach the
 * cloud.
 */
public final class SiaToCid {
  /** A Contact ID code and qualifier. */
  public record CidForm(String code, AlarmEvent.Qualifier qualifier) {}

  private static final Map<String, CidForm> MAP = load();

  private SiaToCid() {}

  /** The Contact ID form of the SIA code, or null when the table has none. */
  public static CidForm lookup(String siaCode) {
    return siaCode == null ? null : MAP.get(siaCode);
  }

  static Map<String, CidForm> all() {
    return MAP;
  }

  private static Map<String, CidForm> load() {
    Map<String, CidForm> map = new HashMap<>();
    for (String[] row : CodeTableLoader.rows("sia-to-cid.csv", 3)) {
      AlarmEvent.Qualifier q =
          "R".equals(row[2]) ? AlarmEvent.Qualifier.RESTORE : AlarmEvent.Qualifier.EVENT;
      map.put(row[0], new CidForm(row[1], q));
    }
    return Map.copyOf(map);
  }
}
