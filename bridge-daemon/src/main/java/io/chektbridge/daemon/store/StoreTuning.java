package io.chektbridge.daemon.store;

import java.time.Duration;

/**
 * The storage package's tuning, in one place: how often its housekeeping runs and how much it does
 * at a time.
 */
public final class StoreTuning {
  /** How often H2's chunk housekeeping runs (see {@link Database#compact}). */
  public static final Duration MAINTENANCE_EVERY = Duration.ofSeconds(5);

  /**
   * Chunks less full than this (percent) are rewritten by {@link Database#compact}; H2's own
   * housekeeping aims at 90.
   */
  static final int COMPACT_BELOW_FILL_RATE = 80;

  /**
   * Bytes of live pages moved per compaction: small, so a pass never holds up the journal for long.
   */
  static final int COMPACT_WRITE_LIMIT = 1 << 20;

  /** How often the database's cheap integrity check runs (see {@link StorageWatch}). */
  public static final Duration CHECK_EVERY = Duration.ofSeconds(10);

  /**
   * The running daemon's first full read of every table ({@link StorageWatch}) waits this long
   * after the start, so it does not compete with the start itself; then it runs daily.
   */
  public static final Duration FULL_CHECK_FIRST_AFTER = Duration.ofSeconds(30);

  public static final Duration FULL_CHECK_EVERY = Duration.ofDays(1);

  /** A store that closed itself (a write failed on a full disk) is reopened at most this often. */
  static final Duration REOPEN_AT_MOST_EVERY = Duration.ofSeconds(1);

  /**
   * The first scheduled backup after a start waits at least this long, so a start is not slowed by
   * one.
   */
  static final Duration FIRST_BACKUP_AFTER = Duration.ofMinutes(1);

  private StoreTuning() {}
}
