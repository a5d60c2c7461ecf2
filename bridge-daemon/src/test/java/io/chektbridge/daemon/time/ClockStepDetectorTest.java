package io.chektbridge.daemon.time;

import static org.assertj.core.api.Assertions.assertThat;

import io.chektbridge.daemon.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ClockStepDetectorTest {
  private final ManualClock clock = new ManualClock(Instant.parse("2026-01-15T10:00:00Z"));
  private final ClockStepDetector detector = new ClockStepDetector(clock);

  @Test
  void timePassingIsNoStepAndAStepIsReportedOnceWithItsSign() {
    clock.advance(Duration.ofMinutes(5));
    assertThat(detector.step()).isZero();
    clock.advance(Duration.ofSeconds(3));
    clock.stepWallClock(Duration.ofHours(-1));
    clock.advance(Duration.ofSeconds(2));
    assertThat(detector.step()).isEqualTo(Duration.ofHours(-1));
    assertThat(detector.step()).as("reported once").isZero();
    clock.stepWallClock(Duration.ofDays(1));
    assertThat(detector.step()).isEqualTo(Duration.ofDays(1));
  }

  @Test
  void ntpSlewingNeverAddsUpToAStepAndSmallCorrectionsAreIgnored() {
    for (int i = 0; i < 10_000; i++) {
      clock.advance(Duration.ofSeconds(2));
      clock.stepWallClock(Duration.ofMillis(1)); // 500 ppm, the most NTP slews
      assertThat(detector.step()).isZero();
    }
    clock.stepWallClock(Duration.ofMillis(900));
    assertThat(detector.step()).isZero();
  }

  @Test
  void describeIsForAnInstaller() {
    assertThat(ClockStepDetector.describe(Duration.ofHours(-1).plusNanos(40_000)))
        .isEqualTo("back by 1h");
    assertThat(ClockStepDetector.describe(Duration.ofDays(1).plusSeconds(5)))
        .isEqualTo("ahead by 24h5s");
  }
}
