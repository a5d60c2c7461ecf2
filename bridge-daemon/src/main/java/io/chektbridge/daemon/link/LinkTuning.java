package io.chektbridge.daemon.link;

import java.time.Duration;

/** The panel links' tuning that the daemon applies when it starts them. */
public final class LinkTuning {
  /**
   * How often link supervision looks for panels silent past their interval; small against any
   * interval.
   */
  public static final Duration SUPERVISION_CHECK_EVERY = Duration.ofSeconds(10);

  private LinkTuning() {}
}
