package io.chektbridge.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class PercentilesTest {
  @Test
  void nearestRankOverAThousandMillisecondSteps() {
    // 1 ms … 1000 ms in reverse order: p50 is the 500th, p99 the 990th, p99.9 the 999th
    Percentiles p =
        Percentiles.of(LongStream.rangeClosed(1, 1000).map(i -> (1001 - i) * 1_000_000));
    assertThat(p.count()).isEqualTo(1000);
    assertThat(p.p50()).isEqualTo(500.0);
    assertThat(p.p99()).isEqualTo(990.0);
    assertThat(p.p999()).isEqualTo(999.0);
    assertThat(p.max()).isEqualTo(1000.0);
  }

  @Test
  void aSingleValueIsEveryPercentile() {
    Percentiles p = Percentiles.of(LongStream.of(2_500_000));
    assertThat(p.toJson())
        .containsEntry("p50", 2.5)
        .containsEntry("p999", 2.5)
        .containsEntry("max", 2.5);
  }

  @Test
  void nothingMeasuredGivesNullsNotNaN() {
    Map<String, Object> json = Percentiles.of(LongStream.empty()).toJson();
    assertThat(json).containsEntry("n", 0L).containsEntry("p50", null).containsEntry("max", null);
  }
}
