package io.chektbridge.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WalkTestViewTest {
  private static final Instant START = Instant.parse("2026-01-15T10:00:00Z");

  @Test
  void judgesEachZoneAgainstTheWalkTestStart() throws Exception {
    String status =
        "{\"zones\":["
            + zone(3, "Front Door", 1, 1, true, "2026-01-15T10:00:05Z")
            + ","
            + zone(5, "Back Door", 2, 1, true, "2026-01-15T10:00:07Z")
            + ","
            + zone(7, "Hall", 1, 1, true, "2026-01-15T09:59:00Z")
            + ","
            + zone(42, "Zone 42", 1, null, false, "2026-01-15T10:00:09Z")
            + "]}";
    var rows = WalkTestView.rows(new ObjectMapper().readTree(status), START);

    assertThat(rows.get(0).tripped()).isTrue();
    assertThat(rows.get(0).warnings()).isEmpty();
    assertThat(rows.get(1).warnings())
        .containsExactly("PARTITION: reported in partition 2, configured in 1");
    assertThat(rows.get(2).tripped()).as("before the start: baseline, not a trip").isFalse();
    assertThat(rows.get(2).warnings()).containsExactly(WalkTestView.NOT_SEEN);
    assertThat(rows.get(3).warnings()).containsExactly(WalkTestView.UNMAPPED);
    assertThat(WalkTestView.render(rows, START, START.plusSeconds(10)))
        .startsWith("Walk test since 2026-01-15T10:00:00Z (10 s): 2 of 3 configured zones tripped");
  }

  private static String zone(
      int n, String name, int partition, Integer configured, boolean mapped, String last) {
    return "{\"number\":"
        + n
        + ",\"name\":\""
        + name
        + "\",\"partition\":"
        + partition
        + ",\"type\":"
        + (mapped ? "\"entry_exit\"" : "null")
        + ",\"state\":\"open\",\"last_event\":\""
        + last
        + "\",\"last_code\":\"E750\",\"mapped\":"
        + mapped
        + ",\"configured_partition\":"
        + configured
        + "}";
  }
}
