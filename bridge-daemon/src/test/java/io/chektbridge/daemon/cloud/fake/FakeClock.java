package io.chektbridge.daemon.cloud.fake;

import static io.chektbridge.daemon.cloud.fake.Answer.error;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * The fake cloud's time, which a test can put off the bridge's (clock skew), and the contract's
 * checks of a sent time.
 */
final class FakeClock {
  private static final Pattern UTC =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?Z");

  private volatile Duration offset = Duration.ZERO;

  void offset(Duration d) {
    offset = d;
  }

  Instant now() {
    return Clock.systemUTC().instant().plus(offset);
  }

  /**
   * Null when {@code value} is a UTC time with a Z no more than 60 s ahead, else the 400 to answer.
   */
  Answer checkTime(String value, String field) {
    if (!UTC.matcher(value).matches()) {
      return error(400, "ValidationError", field + " must be UTC with a Z suffix");
    }
    if (Instant.parse(value).isAfter(now().plusSeconds(60))) {
      return error(400, "ValidationError", field + " is more than 60 s in the future");
    }
    return null;
  }
}
