package io.chektbridge.daemon.state;

import java.util.Locale;

/** What an event or timer did, as the audit trail records it. */
public enum AuditOutcome {
  /** The partition or zone changed state. */
  CHANGED,
  /** A valid report that changed nothing (a repeat, an already-known state). */
  UNCHANGED,
  /** A transition that is not valid from the current state: logged and never sent. */
  REJECTED,
  /** The panel refused to arm; the partition stays (or becomes) disarmed. */
  ARM_FAILURE,
  /** The first arming report after the panel link came back: it re-syncs the state. */
  BASELINE,
  /** An exit or entry delay ran out. */
  DELAY_ELAPSED,
  /**
   * An event with no effect on partition or zone state (test, trouble, unmapped code), kept and
   * delivered.
   */
  RECORDED,
  /** The event could not be applied (a bug); it was still delivered to the cloud as an event. */
  FAILED;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
