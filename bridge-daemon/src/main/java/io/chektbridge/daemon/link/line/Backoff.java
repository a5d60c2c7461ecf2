package io.chektbridge.daemon.link.line;

import io.chektbridge.daemon.link.LinkThreads;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;

/**
 * How long a panel line waits before it tries again to reach its panel (a serial port reopened, a
 * device server redialled): {@code first}, doubling up to {@code max}.
 */
public record Backoff(Duration first, Duration max) {
  public static final Backoff DEFAULT = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30));

  /**
   * Runs {@code attempt} again and again until {@code closed} opens, waiting between tries. An
   * attempt returns true when it reached the panel (and served it until the connection ended): the
   * waits then start over from {@code first}, since the next loss is a new outage, not the same
   * one.
   */
  public void retryUntilClosed(CountDownLatch closed, BooleanSupplier attempt) {
    long waitMs = first.toMillis();
    while (closed.getCount() > 0) {
      if (attempt.getAsBoolean()) {
        waitMs = first.toMillis();
      }
      if (LinkThreads.awaitClose(closed, waitMs)) {
        return;
      }
      waitMs = Math.min(waitMs * 2, max.toMillis());
    }
  }
}
