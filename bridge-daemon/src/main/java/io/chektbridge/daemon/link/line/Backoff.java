package io.chektbridge.daemon.link.line;

import java.time.Duration;

/**
 * How long a panel line waits before it tries again to reach its panel (a serial port reopened, a
 * device server redialled): {@code first}, doubling up to {@code max}.
 */
public record Backoff(Duration first, Duration max) {
  public static final Backoff DEFAULT = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30));
}
