package io.chektbridge.daemon.outbox;

import java.util.Locale;

/**
 * What an outbox row carries, and so which endpoint it goes to (the CHeKT API contract §4 / §5).
 */
public enum OutboxKind {
  ARMING,
  EVENT;

  /**
   * Parses the {@code outbox.kind} column; an unknown kind is a named error, never sent anywhere.
   */
  public static OutboxKind of(String column) {
    for (OutboxKind k : values()) {
      if (k.wireName().equals(column)) {
        return k;
      }
    }
    throw new IllegalArgumentException(
        "unknown outbox kind '" + column + "' (expected arming or event)");
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
