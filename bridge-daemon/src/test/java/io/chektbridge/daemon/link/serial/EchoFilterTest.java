package io.chektbridge.daemon.link.serial;

import static org.assertj.core.api.Assertions.assertThat;

import io.chektbridge.daemon.testing.ManualClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EchoFilterTest {
  private static final Duration WINDOW = Duration.ofMillis(200);
  private final ManualClock clock = new ManualClock(Instant.parse("2026-01-15T10:00:00Z"));
  private final EchoFilter filter = new EchoFilter(clock);

  @Test
  void anAdapterThatDoesNotEchoLosesNoPanelByte() {
    byte[] answer = "\nC0DE0033\"ACK\"0001L0#1234[]\r".getBytes(StandardCharsets.ISO_8859_1);
    filter.expect(answer, WINDOW);
    // the panel's next frame starts with LF like our answer: held back, then released on the first
    // difference
    assertThat(run("\n5A3F0036\"SIA-DCS\"0002L0#1234[...]\r"))
        .isEqualTo("\n5A3F0036\"SIA-DCS\"0002L0#1234[...]\r");
  }

  @Test
  void anEchoThatComesTooLateIsPanelTraffic() {
    filter.expect(new byte[] {0x06}, WINDOW);
    clock.advance(WINDOW.plusMillis(1));
    assertThat(run("\u0006123")).isEqualTo("\u0006123");
  }

  @ParameterizedTest
  @ValueSource(strings = {"PT1H", "-PT1H", "P1D"})
  void aWallClockStepNeitherExpiresNorStretchesTheEchoWindow(String step) {
    filter.expect(new byte[] {0x06}, WINDOW);
    clock.stepWallClock(Duration.parse(step));
    assertThat(run("\u0006123")).as("the echo within its window is still removed").isEqualTo("123");

    filter.expect(new byte[] {0x06}, WINDOW);
    clock.stepWallClock(Duration.parse(step).negated());
    clock.advance(WINDOW.plusMillis(1));
    assertThat(run("\u0006456")).as("a late echo is panel traffic").isEqualTo("\u0006456");
  }

  /** Each answer's echo, then the panel's next line, cut at random read boundaries. */
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 42, 2026})
  void echoesSplitAcrossReadsAreRemovedAndEverythingElseKept(long seed) {
    Random random = new Random(seed);
    StringBuilder panel = new StringBuilder();
    StringBuilder heard = new StringBuilder();
    for (int i = 0; i < 50; i++) {
      String answer = random.nextBoolean() ? "\u0006" : "OK";
      String line = String.format("%016d", random.nextInt(1_000_000_000)) + "\r";
      filter.expect(answer.getBytes(StandardCharsets.ISO_8859_1), WINDOW);
      panel.append(line);
      String wire = answer + line;
      for (int at = 0; at < wire.length(); ) {
        int n = Math.min(wire.length() - at, 1 + random.nextInt(7));
        heard.append(run(wire.substring(at, at + n)));
        at += n;
      }
    }
    assertThat(heard.toString()).isEqualTo(panel.toString());
  }

  private String run(String input) {
    byte[] in = input.getBytes(StandardCharsets.ISO_8859_1);
    byte[] out = new byte[EchoFilter.maxOutput(in.length)];
    return new String(out, 0, filter.filter(in, in.length, out), StandardCharsets.ISO_8859_1);
  }
}
