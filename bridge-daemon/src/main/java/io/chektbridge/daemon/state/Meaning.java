package io.chektbridge.daemon.state;

import java.util.Locale;

/**
 * What a panel event means to the site state, whatever code carried it (README, Site state). The
 * code table maps every Contact ID / SIA code to one of these; {@code event_map} in the config
 * overrides or extends that table per site.
 */
public enum Meaning {
  ARM_AWAY,
  ARM_STAY,
  ARM_NIGHT,
  DISARM,
  ARM_FAILURE,
  EXIT_DELAY_START,
  ENTRY_DELAY_START,
  ZONE_OPEN,
  ZONE_CLOSE,
  ALARM,
  ALARM_RESTORE,
  BYPASS,
  UNBYPASS,
  TAMPER,
  TAMPER_RESTORE,
  TROUBLE,
  TROUBLE_RESTORE,
  TEST,
  IGNORE;

  /** The config and JSON spelling: {@code arm_away}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Meaning ofWireName(String text) {
    for (Meaning m : values()) {
      if (m.wireName().equals(text)) {
        return m;
      }
    }
    throw new IllegalArgumentException(
        "'" + text + "' is not a meaning; use one of " + wireNames());
  }

  public static String wireNames() {
    StringBuilder out = new StringBuilder();
    for (Meaning m : values()) {
      out.append(out.length() == 0 ? "" : ", ").append(m.wireName());
    }
    return out.toString();
  }
}
