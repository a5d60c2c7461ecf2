package io.chektbridge.sia;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Dc09TimestampTest {
  @Test
  void formatsTheFieldsInDc09Order() {
    assertThat(Dc09Timestamp.format(Instant.parse("2026-12-06T05:04:09.750Z")))
        .isEqualTo("_05:04:09,12-06-2026");
    assertThat(Dc09Timestamp.format(Instant.parse("0999-01-02T00:00:00Z")))
        .isEqualTo("_00:00:00,01-02-0999");
    assertThatThrownBy(() -> Dc09Timestamp.format(Instant.parse("+10000-01-01T00:00:00Z")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** 20,000 random instants of years 0-9999 come back from their text, to the second. */
  @Test
  void parseReadsBackWhatFormatWrote() {
    long seed = Long.getLong("chekt.seed", System.nanoTime());
    Random random = new Random(seed);
    long first = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
    long last = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
    for (int i = 0; i < 20_000; i++) {
      Instant t = Instant.ofEpochSecond(first + (long) (random.nextDouble() * (last - first)));
      String text = Dc09Timestamp.format(t.plusMillis(random.nextInt(1000)));
      assertThat(text).hasSize(Dc09Timestamp.LENGTH);
      assertThat(Dc09Timestamp.parse(text, 0))
          .as("%s (seed %d)", text, seed)
          .isEqualTo(t.truncatedTo(ChronoUnit.SECONDS));
    }
  }
}
