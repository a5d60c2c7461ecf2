package io.chektbridge.daemon.state;

import java.util.Locale;

/** What is known of one zone; {@link #UNKNOWN} until the panel first reports it. */
public enum ZoneState {
  UNKNOWN,
  NORMAL,
  OPEN,
  ALARM,
  TAMPER,
  TROUBLE,
  BYPASSED,
  LOW_BATTERY;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static ZoneState ofWireName(String text) {
    return valueOf(text.toUpperCase(Locale.ROOT));
  }
}
