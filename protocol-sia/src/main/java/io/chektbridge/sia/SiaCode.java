package io.chektbridge.sia;

/**
 * One SIA DC-03 two-letter event code.
 *
 * @param code the two letters
 * @param description short name ("Burglary Alarm")
 * @param category snake_case category ("alarm", "trouble", "opening_closing", ..., "unknown")
 * @param restore true for restorals (BH, BR, AR, ...)
 * @param numberKind whether the number after the code is a zone, a user or an area
 */
public record SiaCode(
    String code, String description, String category, boolean restore, SiaNumberKind numberKind) {
  public static final String UNKNOWN_CATEGORY = "unknown";

  /** True when the code was not in the table (kept raw, still acknowledged). */
  public boolean unknown() {
    return UNKNOWN_CATEGORY.equals(category);
  }
}
