package io.chektbridge.daemon.cloud;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Records every wait cloud sync asks for and returns at once, so retry policy tests take no time.
 */
final class RecordingSleeper implements Sleeper {
  private final List<Duration> waits = new ArrayList<>();

  @Override
  public synchronized void sleep(Duration duration) {
    waits.add(duration);
  }

  synchronized List<Duration> waits() {
    return List.copyOf(waits);
  }

  synchronized void reset() {
    waits.clear();
  }
}
