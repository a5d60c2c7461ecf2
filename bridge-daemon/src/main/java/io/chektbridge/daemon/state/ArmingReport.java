package io.chektbridge.daemon.state;

import java.time.Instant;
import java.util.List;

/**
 * One arming-state record for the cloud (the CHeKT API contract §4.1), before it is rendered to
 * JSON.
 *
 * @param partitionLabel "all" or the partition number as text
 * @param partitions the partitions it covers
 * @param state the wire state ("armed_away", "arm_failure", ...)
 * @param delaySeconds exit delay (arming_in_progress) or entry delay (entry_delay), else null
 * @param reason arm_failure reason, else null
 * @param zones zones to name (arm failure, entry delay), may be empty
 * @param auditIndex the audit entry (index in the same step) this record reports
 */
public record ArmingReport(
    String partitionLabel,
    List<Integer> partitions,
    String state,
    Instant timestamp,
    Integer user,
    ArmingSource source,
    ArmingMode targetMode,
    Long delaySeconds,
    String reason,
    List<ZoneRef> zones,
    int auditIndex) {

  public ArmingReport {
    partitions = List.copyOf(partitions);
    zones = List.copyOf(zones);
  }

  /**
   * Same content for another partition: decides whether several partitions can be sent as "all".
   */
  boolean sameChangeAs(ArmingReport o) {
    return state.equals(o.state)
        && java.util.Objects.equals(user, o.user)
        && source == o.source
        && targetMode == o.targetMode
        && java.util.Objects.equals(delaySeconds, o.delaySeconds)
        && java.util.Objects.equals(reason, o.reason)
        && zones.equals(o.zones);
  }
}
