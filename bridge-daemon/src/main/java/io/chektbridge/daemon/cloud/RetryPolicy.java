package io.chektbridge.daemon.cloud;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * the CHeKT API contract §9: a delivery cycle is the first attempt plus up to five retries after 1,
 * 2, 4, 8 and 16 s (plus optional jitter); a 429 waits {@code max(Retry-After, step)}. A cycle that
 * runs out pauses {@code cyclePause} and starts again with the same row, indefinitely.
 */
public record RetryPolicy(List<Duration> steps, Duration jitter, Duration cyclePause) {
  public static final List<Duration> CONTRACT_STEPS =
      List.of(
          Duration.ofSeconds(1),
          Duration.ofSeconds(2),
          Duration.ofSeconds(4),
          Duration.ofSeconds(8),
          Duration.ofSeconds(16));
  public static final Duration CONTRACT_CYCLE_PAUSE = Duration.ofSeconds(30);

  public RetryPolicy {
    steps = List.copyOf(steps);
    if (jitter.isNegative() || cyclePause.isNegative()) {
      throw new IllegalArgumentException("retry jitter and cycle pause must not be negative");
    }
  }

  public static RetryPolicy contract(Duration jitter) {
    return new RetryPolicy(CONTRACT_STEPS, jitter, CONTRACT_CYCLE_PAUSE);
  }

  /** Retries a cycle allows after its first attempt. */
  public int retriesPerCycle() {
    return steps.size();
  }

  /**
   * The wait before retry number {@code retry} (0-based) of a cycle, honouring a server's
   * Retry-After.
   */
  public Duration waitBefore(int retry, Duration retryAfter) {
    Duration step = steps.get(retry);
    if (!jitter.isZero()) {
      step = step.plusMillis(ThreadLocalRandom.current().nextLong(jitter.toMillis() + 1));
    }
    return retryAfter != null && retryAfter.compareTo(step) > 0 ? retryAfter : step;
  }
}
