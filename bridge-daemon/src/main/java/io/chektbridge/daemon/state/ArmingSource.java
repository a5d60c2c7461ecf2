package io.chektbridge.daemon.state;

import java.util.Locale;

/**
 * Who changed the arming state, as the cloud's {@code source} (the CHeKT API contract §4.1): a
 * report that names a panel user is {@link #KEYPAD}; one without a user (auto-arm, a delay running
 * out) is {@link #PANEL}. Contact ID does not say which device a user used, so keypad is the honest
 * default.
 */
public enum ArmingSource {
  KEYPAD,
  PANEL;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static ArmingSource forUser(Integer user) {
    return user == null ? PANEL : KEYPAD;
  }

  public static ArmingSource ofWireName(String text) {
    return text == null ? null : valueOf(text.toUpperCase(Locale.ROOT));
  }
}
