package io.chektbridge.daemon.journal;

/** The journal's tuning that its owner chooses when it opens one. */
public final class JournalTuning {
  /** Messages waiting for a group commit at most; beyond it panels get no ACK and resend. */
  public static final int QUEUE_CAPACITY = 20_000;

  private JournalTuning() {}
}
