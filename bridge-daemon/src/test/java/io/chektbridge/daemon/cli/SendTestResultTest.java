package io.chektbridge.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * send-test's latency figures are nearest-rank percentiles an installer can compare across runs.
 */
class SendTestResultTest {
  @Test
  void percentilesOfAThousandAnswersAreTheirNearestRanksNotTheMaximum() {
    long[] nanos = LongStream.rangeClosed(1, 1000).map(ms -> ms * 1_000_000).toArray();
    SendTestRun.Result r =
        new SendTestRun.Result(1000, 1000, 0, 0, 0, Duration.ofSeconds(1), nanos, List.of());

    assertThat(r.percentileMillis(500)).isEqualTo(500.0);
    assertThat(r.percentileMillis(990)).isEqualTo(990.0);
    assertThat(r.percentileMillis(999)).as("p99.9 of 1000 values is the 999th").isEqualTo(999.0);
    assertThat(r.percentileMillis(1000)).isEqualTo(1000.0);
  }

  @Test
  void oneAnswerIsEveryPercentileAndNoAnswerIsNone() {
    SendTestRun.Result one =
        new SendTestRun.Result(
            1, 1, 0, 0, 0, Duration.ofSeconds(1), new long[] {2_000_000}, List.of());
    SendTestRun.Result none =
        new SendTestRun.Result(1, 0, 0, 0, 1, Duration.ofSeconds(1), new long[0], List.of());

    assertThat(one.percentileMillis(500)).isEqualTo(2.0);
    assertThat(one.percentileMillis(999)).isEqualTo(2.0);
    assertThat(none.percentileMillis(990)).isNaN();
  }
}
