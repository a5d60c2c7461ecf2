package io.chektbridge.sia;

import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/** The SIA DC-03 code table, loaded once from {@code sia-codes.csv}. */
public final class SiaCodes {
  private static final Map<String, SiaCode> CODES = load();

  private SiaCodes() {}

  /**
   * The code's entry; an unknown (or null) code gets an "unknown" entry that still carries the raw
   * code.
   */
  public static SiaCode lookup(String code) {
    SiaCode known = code == null ? null : CODES.get(code);
    return known != null
        ? known
        : new SiaCode(
            code, "Unknown SIA code " + code, SiaCode.UNKNOWN_CATEGORY, false, SiaNumberKind.ZONE);
  }

  /** Every code in the table. */
  public static Collection<SiaCode> all() {
    return Collections.unmodifiableCollection(CODES.values());
  }

  private static Map<String, SiaCode> load() {
    Map<String, SiaCode> codes = new HashMap<>();
    for (String[] row : CodeTableLoader.rows("sia-codes.csv", 5)) {
      codes.put(
          row[0],
          new SiaCode(row[0], row[1], row[2], "Y".equals(row[3]), SiaNumberKind.valueOf(row[4])));
    }
    return Map.copyOf(codes);
  }
}
