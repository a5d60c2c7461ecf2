package io.chektbridge.daemon.link.dc09;

import static org.assertj.core.api.Assertions.assertThat;

import io.chektbridge.daemon.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FrameBudgetTest {
  private final ManualClock clock = new ManualClock(Instant.parse("2026-01-15T10:00:00Z"));

  @Test
  void aBurstPassesAtOnceThenOneFramePerIntervalAndAQuietSpellRefillsIt() {
    FrameBudget budget = new FrameBudget(clock, 100, 5);
    for (int i = 0; i < 5; i++) {
      assertThat(budget.tryTake()).as("burst frame %d", i).isTrue();
    }
    assertThat(budget.tryTake()).isFalse();
    assertThat(budget.nanosUntilNext()).isEqualTo(Duration.ofMillis(10).toNanos());

    clock.advance(Duration.ofMillis(10));
    assertThat(budget.tryTake()).isTrue();
    assertThat(budget.tryTake()).isFalse();

    clock.advance(Duration.ofSeconds(10));
    int passed = 0;
    while (budget.tryTake()) {
      passed++;
    }
    assertThat(passed).as("a long quiet spell gives back the burst, no more").isEqualTo(5);
  }

  @Test
  void aWallClockStepChangesNothing() {
    FrameBudget budget = new FrameBudget(clock, 10, 1);
    assertThat(budget.tryTake()).isTrue();
    clock.stepWallClock(Duration.ofHours(-1));
    assertThat(budget.nanosUntilNext()).isEqualTo(Duration.ofMillis(100).toNanos());
    clock.stepWallClock(Duration.ofHours(2));
    assertThat(budget.tryTake()).isFalse();
  }
}
