package io.chektbridge.daemon.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {
  @ParameterizedTest
  @CsvSource({
    "500ms,500",
    "30s,30000",
    "5m,300000",
    "25h,90000000",
    "1d,86400000",
    "1m30s,90000",
    "0s,0"
  })
  void parsesAndFormatsBack(String text, long millis) {
    Duration d = Durations.parse(text);
    assertThat(d.toMillis()).isEqualTo(millis);
    assertThat(Durations.parse(Durations.format(d))).isEqualTo(d);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "60", "s", "-5s", "5 s", "5sec", "1.5s"})
  void refusesAnythingElse(String text) {
    assertThatThrownBy(() -> Durations.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }
}
