package io.chektbridge.daemon.cloud.fake;

/**
 * One injected fault (the CHeKT API contract §10 {@code POST /__admin/faults}): the next {@code
 * count} requests to exactly {@code path} (or under it, when it ends in {@code /}) get {@code
 * status} (with {@code retryAfter} seconds on a 429), wait {@code delayMs} first, or lose their
 * connection without an answer.
 */
public record Fault(
    String path, int status, int count, long delayMs, Integer retryAfter, boolean dropConnection) {
  public static Fault status(String path, int status, int count) {
    return new Fault(path, status, count, 0, null, false);
  }

  public static Fault tooMany(String path, int retryAfterSeconds) {
    return new Fault(path, 429, 1, 0, retryAfterSeconds, false);
  }

  public static Fault drop(String path, int count) {
    return new Fault(path, 0, count, 0, null, true);
  }

  public static Fault delay(String path, long delayMs, int count) {
    return new Fault(path, 0, count, delayMs, null, false);
  }
}
