package io.chektbridge.daemon.state;

/**
 * The cloud's arming-state transition table (the CHeKT API contract §4.2): which record the cloud
 * accepts after which. The state machine checks every record against it before writing it to the
 * outbox, so the bridge never sends a transition the cloud would reject with 409.
 */
public final class ArmingTable {
  public enum Verdict {
    OK,
    NO_OP,
    CONFLICT
  }

  private ArmingTable() {}

  /**
   * @param from the state the cloud holds (never ALARM)
   * @param fromMode its target mode (arming_in_progress) or the armed mode it came from
   *     (entry_delay)
   * @param to the state to send (never ALARM)
   */
  public static Verdict check(PartitionState from, ArmingMode fromMode, PartitionState to) {
    if (from == PartitionState.ALARM || to == PartitionState.ALARM) {
      throw new IllegalArgumentException("alarm is not an arming state of the cloud");
    }
    if (from == to) {
      return Verdict.NO_OP;
    }
    return switch (from) {
      case DISARMED -> to == PartitionState.ENTRY_DELAY ? Verdict.CONFLICT : Verdict.OK;
      case ARMING_IN_PROGRESS, ENTRY_DELAY ->
          to == PartitionState.DISARMED || (to.isArmed() && to.mode() == fromMode)
              ? Verdict.OK
              : Verdict.CONFLICT;
      case ARMED_AWAY, ARMED_STAY, ARMED_NIGHT ->
          to == PartitionState.ARMING_IN_PROGRESS ? Verdict.CONFLICT : Verdict.OK;
      case ALARM -> throw new IllegalStateException("unreachable");
    };
  }

  /** An {@code arm_failure} record is accepted while disarmed or arming, never once armed. */
  public static Verdict checkArmFailure(PartitionState from) {
    return from == PartitionState.DISARMED || from == PartitionState.ARMING_IN_PROGRESS
        ? Verdict.OK
        : Verdict.CONFLICT;
  }
}
