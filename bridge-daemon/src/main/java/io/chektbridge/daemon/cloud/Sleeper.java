package io.chektbridge.daemon.cloud;

import java.time.Duration;

/**
 * How cloud sync waits between attempts. Production waits on the wall clock (and wakes at close);
 * tests inject one that records the waits, so the retry policy is checked without waiting.
 */
@FunctionalInterface
public interface Sleeper {
  void sleep(Duration duration) throws InterruptedException;
}
