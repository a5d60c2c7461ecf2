package io.chektbridge.daemon.outbox;

import io.chektbridge.daemon.state.Meaning;

/**
 * The priority class of an outbox row (the CHeKT API contract §9): a backlog never delays what is
 * happening now. A pending row of a higher class is always sent before any of a lower one; within a
 * class, oldest first. Stored as {@link #rank()} in {@code outbox.priority}, so the queue order is
 * one index scan.
 */
public enum DeliveryClass {
  /**
   * Alarm-class events (burglary, fire, panic, duress, tamper, ... and their restores) and every
   * arming record.
   */
  ALARM(1),
  /** Troubles and supervisory: AC loss, low battery, panel link lost, ... */
  TROUBLE(2),
  /** The rest: tests, openings and closings that change nothing, bypass, access. */
  ROUTINE(3);

  private final int rank;

  DeliveryClass(int rank) {
    this.rank = rank;
  }

  public int rank() {
    return rank;
  }

  /**
   * The class stored as {@code rank}; 0, the column's old default, is taken as the highest (nothing
   * is demoted).
   */
  public static DeliveryClass ofRank(int rank) {
    return rank <= 1 ? ALARM : rank == 2 ? TROUBLE : ROUTINE;
  }

  /** The class of an event by what it means, its cloud event type and its code's category. */
  public static DeliveryClass ofEvent(Meaning meaning, String eventType, String category) {
    if ("alarm".equals(eventType)) {
      return ALARM;
    }
    if (meaning == Meaning.TEST || "test".equals(category)) {
      return ROUTINE;
    }
    return "trouble".equals(eventType) ? TROUBLE : ROUTINE;
  }
}
