package io.chektbridge.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bench's yardstick receiver answers every frame and writes each one before its answer. */
class MinimalReceiverTest {
  private static final Pattern FRAME_TEXT =
      Pattern.compile("chekt-bridge bench \\w+ (\\d+)/(\\d+)");

  @TempDir Path dir;

  @Test
  void everyFrameOfEveryPanelIsWrittenAndAcked() throws Exception {
    for (boolean sync : new boolean[] {true, false}) {
      try (MinimalReceiver r = MinimalReceiver.start(dir, sync)) {
        ObjectNode result =
            new LockStepPanels(r.port(), "1234", null, 40, Duration.ofSeconds(5)).run(5);

        assertThat(result.path("acked").asLong()).isEqualTo(200);
        assertThat(result.path("errors")).isEmpty();
        assertThat(framesIn(r.file())).isEqualTo(200);
        assertThat(r.cpuNanos()).isPositive();
      }
    }
    assertThat(dir).isEmptyDirectory();
  }

  /** Distinct frames (connection/number) whose text is in the file. */
  private static long framesIn(Path file) throws Exception {
    String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
    Matcher m = FRAME_TEXT.matcher(text);
    java.util.Set<String> seen = new java.util.HashSet<>();
    while (m.find()) {
      seen.add(m.group(1) + "/" + m.group(2));
    }
    return seen.size();
  }
}
