package io.chektbridge.daemon.cloud;

import java.time.Duration;

/**
 * What one send of one outbox row came to. {@code httpStatus} is null when no response came
 * (network error, timeout). {@code retryAfter} carries a 429's Retry-After.
 */
public record DeliveryOutcome(
    Verdict verdict,
    Integer httpStatus,
    String detail,
    Duration retryAfter,
    boolean authFailure,
    boolean redirect) {

  public enum Verdict {
    /** 2xx: mark delivered. */
    DELIVERED,
    /** Worth another attempt on the backoff schedule (5xx, 429, 3xx, network, credentials). */
    RETRY,
    /** Refused for good (400/403/404/409/422, or a row we must not send): dead-letter and alert. */
    REJECTED
  }

  public static DeliveryOutcome delivered(int status) {
    return new DeliveryOutcome(Verdict.DELIVERED, status, null, null, false, false);
  }

  public static DeliveryOutcome retry(Integer status, String detail, Duration retryAfter) {
    return new DeliveryOutcome(Verdict.RETRY, status, detail, retryAfter, false, false);
  }

  public static DeliveryOutcome authFailed(Integer status, String detail) {
    return new DeliveryOutcome(Verdict.RETRY, status, detail, null, true, false);
  }

  /** A 3xx: not followed, not delivered; retried on the schedule with a CLOUD_REDIRECT alert. */
  public static DeliveryOutcome redirected(int status, String detail) {
    return new DeliveryOutcome(Verdict.RETRY, status, detail, null, false, true);
  }

  public static DeliveryOutcome rejected(Integer status, String detail) {
    return new DeliveryOutcome(Verdict.REJECTED, status, detail, null, false, false);
  }
}
