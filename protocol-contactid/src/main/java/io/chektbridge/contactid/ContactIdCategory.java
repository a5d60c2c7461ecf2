package io.chektbridge.contactid;

import java.util.Locale;

/** Broad class of an event code, as the code table gives it. */
public enum ContactIdCategory {
  ALARM,
  SUPERVISORY,
  TROUBLE,
  OPENING_CLOSING,
  ACCESS,
  BYPASS,
  TEST,
  OTHER,
  UNKNOWN;

  /** snake_case, as in JSON and the cloud body: {@code opening_closing}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
