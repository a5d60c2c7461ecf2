package io.chektbridge.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.chektbridge.bench.LatencyRecorder.MarkerRange;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LatencyRecorderTest {
  private static final long MS = 1_000_000;
  private final LatencyRecorder recorder = new LatencyRecorder();
  private final MarkerRange step = new MarkerRange(100_000, 4);

  @Test
  void followsEachEventFromFrameToAckToCloudAndCountsWhatWentWrong() {
    for (int k = 0; k < 4; k++) {
      recorder.sent(100_000 + k, 0);
    }
    recorder.acked(100_000, 2 * MS);
    recorder.acked(100_001, 3 * MS);
    recorder.acked(100_002, 4 * MS);
    recorder.refused(100_003);
    recorder.arrived(10 * MS, event(100_000));
    recorder.arrived(20 * MS, event(100_001));
    recorder.arrived(90 * MS, event(100_001)); // the same event a second time
    recorder.arrived(30 * MS, event(555)); // never sent by the bench
    recorder.arrived(30 * MS, "{\"zone\":null}".getBytes(StandardCharsets.UTF_8));

    Map<String, Object> s = recorder.summary(step);
    assertThat(s)
        .containsEntry("sent", 4L)
        .containsEntry("acked", 3L)
        .containsEntry("naked", 1L)
        .containsEntry("unanswered", 0L)
        .containsEntry("delivered", 2L)
        .containsEntry("missing", 1L)
        .containsEntry("doubled", 1L);
    // latency counts from the first arrival, not the repeat
    assertThat(s.get("frame_to_cloud_ms"))
        .isEqualTo(Map.of("n", 2L, "p50", 10.0, "p99", 20.0, "p999", 20.0, "max", 20.0));
    assertThat(s.get("ack_latency_ms"))
        .isEqualTo(Map.of("n", 3L, "p50", 3.0, "p99", 4.0, "p999", 4.0, "max", 4.0));
    assertThat(recorder.unmatched()).isEqualTo(2);
    assertThat(recorder.allDelivered(step)).isFalse();
  }

  @Test
  void stepsDoNotSeeEachOthersEvents() {
    recorder.sent(100_000, 0);
    recorder.acked(100_000, MS);
    recorder.sent(200_000, 0);
    recorder.acked(200_000, MS);
    recorder.arrived(5 * MS, event(200_000));

    assertThat(recorder.allDelivered(new MarkerRange(200_000, 10))).isTrue();
    assertThat(recorder.allDelivered(step)).isFalse();
    assertThat(recorder.summary(step))
        .containsEntry("sent", 1L)
        .containsEntry("delivered", 0L)
        .containsEntry("missing", 1L);
  }

  @Test
  void aFrameSentButNeverAnsweredIsUnanswered() {
    recorder.sent(100_000, 0);
    assertThat(recorder.answered(step)).isZero();
    assertThat(recorder.summary(step)).containsEntry("unanswered", 1L).containsEntry("missing", 0L);
  }

  private static byte[] event(int zone) {
    return ("{\"event_id\":\"x-"
            + zone
            + "\",\"event_type\":\"alarm\",\"zone\":{\"number\":"
            + zone
            + ",\"name\":null}}")
        .getBytes(StandardCharsets.UTF_8);
  }
}
