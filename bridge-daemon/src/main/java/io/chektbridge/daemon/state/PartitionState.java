package io.chektbridge.daemon.state;

import java.util.Locale;

/**
 * The state of one partition, spelled as the cloud's wire values (docs/cloud-api.md §4.2). {@link
 * #ALARM} is local only: the cloud's arming endpoint has no alarm state (the CHeKT API contract
 * §4.2), alarms go to the events endpoint, so the cloud keeps the armed or entry-delay state the
 * alarm interrupted.
 */
public enum PartitionState {
  DISARMED,
  ARMING_IN_PROGRESS,
  ARMED_AWAY,
  ARMED_STAY,
  ARMED_NIGHT,
  ENTRY_DELAY,
  ALARM;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static PartitionState ofWireName(String text) {
    return valueOf(text.toUpperCase(Locale.ROOT));
  }

  public boolean isArmed() {
    return this == ARMED_AWAY || this == ARMED_STAY || this == ARMED_NIGHT;
  }

  /** The mode of an armed state, or null. */
  public ArmingMode mode() {
    return switch (this) {
      case ARMED_AWAY -> ArmingMode.AWAY;
      case ARMED_STAY -> ArmingMode.STAY;
      case ARMED_NIGHT -> ArmingMode.NIGHT;
      default -> null;
    };
  }
}
