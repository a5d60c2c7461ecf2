package io.chektbridge.daemon.testing;

import io.chektbridge.daemon.time.HostClock;
import java.time.Duration;
import java.time.Instant;

/**
 * A host clock tests move by hand; thread-safe so a status server thread may read it. {@link
 * #advance} lets time pass (wall and elapsed clock move together); {@link #stepWallClock} steps the
 * wall clock alone, as NTP or an admin does, while no time passes.
 */
public final class ManualClock extends HostClock {
  private volatile Instant now;
  private volatile long elapsedNanos;

  public ManualClock(Instant start) {
    this.now = start;
  }

  public synchronized void advance(Duration d) {
    if (d.isNegative()) {
      throw new IllegalArgumentException("time does not pass backwards; use stepWallClock");
    }
    now = now.plus(d);
    elapsedNanos += d.toNanos();
  }

  public synchronized void stepWallClock(Duration step) {
    now = now.plus(step);
  }

  @Override
  public Instant instant() {
    return now;
  }

  @Override
  public long nanoTime() {
    return elapsedNanos;
  }
}
