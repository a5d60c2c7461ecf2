package io.chektbridge.daemon.state;

import java.util.Locale;

/**
 * The armed mode a partition is in or is arming into; wire values are the cloud's {@code
 * target_mode}.
 */
public enum ArmingMode {
  AWAY,
  STAY,
  NIGHT;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public PartitionState armedState() {
    return switch (this) {
      case AWAY -> PartitionState.ARMED_AWAY;
      case STAY -> PartitionState.ARMED_STAY;
      case NIGHT -> PartitionState.ARMED_NIGHT;
    };
  }

  /** The mode an arming meaning asks for, or null when the meaning is not an arm report. */
  public static ArmingMode of(Meaning meaning) {
    return switch (meaning) {
      case ARM_AWAY -> AWAY;
      case ARM_STAY -> STAY;
      case ARM_NIGHT -> NIGHT;
      default -> null;
    };
  }

  public static ArmingMode ofWireName(String text) {
    return text == null ? null : valueOf(text.toUpperCase(Locale.ROOT));
  }
}
