package io.chektbridge.daemon.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import io.chektbridge.daemon.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RateLimitPacerTest {
  private static final Instant T0 = Instant.parse("2026-01-15T10:00:00Z");

  private static String epoch(Instant t) {
    return Long.toString(t.getEpochSecond());
  }

  @Test
  void aHealthyBudgetAddsNothingAndALowOneSpreadsWhatRemainsUpToTheReset() {
    ManualClock clock = new ManualClock(T0);
    RateLimitPacer pacer = new RateLimitPacer(clock);
    assertThat(pacer.delayBeforeNext()).isZero();
    pacer.observe("100", "50", epoch(T0.plusSeconds(30)));
    assertThat(pacer.delayBeforeNext()).isZero();
    pacer.observe("100", "5", epoch(T0.plusSeconds(30)));
    assertThat(pacer.delayBeforeNext()).isEqualTo(Duration.ofSeconds(5));
    pacer.observe("100", "0", epoch(T0.plusSeconds(30)));
    assertThat(pacer.delayBeforeNext()).isEqualTo(Duration.ofSeconds(30));
    clock.advance(Duration.ofSeconds(30));
    assertThat(pacer.delayBeforeNext()).isZero();
  }

  @Test
  void aResetFarAheadIsCappedSoAWrongHeaderCannotStallTheQueue() {
    ManualClock clock = new ManualClock(T0);
    RateLimitPacer pacer = new RateLimitPacer(clock);
    pacer.observe("100", "0", epoch(T0.plus(Duration.ofHours(2))));
    assertThat(pacer.delayBeforeNext()).isEqualTo(RateLimitPacer.MAX_WAIT);
  }

  @ParameterizedTest
  @ValueSource(strings = {"PT1H", "-PT1H", "P1D"})
  void theWaitForAResetIsElapsedTimeWhateverTheWallClockDoesAfterTheHeader(String step) {
    ManualClock clock = new ManualClock(T0);
    RateLimitPacer pacer = new RateLimitPacer(clock);
    pacer.observe("100", "0", epoch(T0.plusSeconds(30)));
    clock.advance(Duration.ofSeconds(10));
    clock.stepWallClock(Duration.parse(step));
    assertThat(pacer.delayBeforeNext()).isEqualTo(Duration.ofSeconds(20));
    clock.advance(Duration.ofSeconds(20));
    assertThat(pacer.delayBeforeNext()).isZero();
  }
}
