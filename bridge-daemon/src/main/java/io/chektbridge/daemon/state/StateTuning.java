package io.chektbridge.daemon.state;

import java.time.Duration;

/** The site state's tuning that its owner chooses when it starts the engine. */
public final class StateTuning {
  /**
   * Under load the engine applies events in batches this far apart (one commit each); far below the
   * cloud's 5 s.
   */
  public static final Duration DRAIN_SPACING = Duration.ofMillis(20);

  private StateTuning() {}
}
