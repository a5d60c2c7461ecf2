package io.chektbridge.daemon.link;

import static org.assertj.core.api.Assertions.assertThat;

import io.chektbridge.daemon.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LogThrottleTest {
  private static final Duration QUIET = Duration.ofMinutes(10);

  @ParameterizedTest
  @ValueSource(strings = {"PT1H", "-PT1H", "P1D", "-P1D"})
  void theQuietPeriodIsElapsedTimeWhateverTheWallClockDoes(String step) {
    ManualClock clock = new ManualClock(Instant.parse("2026-01-15T10:00:00Z"));
    LogThrottle throttle = new LogThrottle(clock, QUIET);
    assertThat(throttle.shouldLog("peer|crc")).isTrue();
    clock.advance(Duration.ofMinutes(5));
    clock.stepWallClock(Duration.parse(step));
    assertThat(throttle.shouldLog("peer|crc")).as("5 min after the first line").isFalse();
    assertThat(throttle.shouldLog("peer|length")).as("another reason is logged at once").isTrue();
    clock.advance(Duration.ofMinutes(5));
    assertThat(throttle.shouldLog("peer|crc"))
        .as("10 min after the first line: a reminder")
        .isTrue();
  }
}
