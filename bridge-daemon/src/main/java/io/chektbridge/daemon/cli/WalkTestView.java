package io.chektbridge.daemon.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What walk-test shows for one /status document: each zone's last event, its configured name, type
 * and partition, and a warning when the mapping looks wrong. Zones are judged against the time the
 * walk test started: what the daemon knew before is the baseline, not a trip.
 */
final class WalkTestView {
  static final String UNMAPPED =
      "UNMAPPED: an event came for a zone the config does not name; add it under zones:";
  static final String NOT_SEEN = "not tripped yet";
  static final String WRONG_PARTITION = "PARTITION: reported in partition %s, configured in %s";

  private WalkTestView() {}

  /** One zone row as the installer sees it. */
  record Row(
      int number,
      String name,
      String type,
      int partition,
      String state,
      String lastEvent,
      String lastCode,
      boolean tripped,
      List<String> warnings) {}

  static List<Row> rows(JsonNode status, Instant started) {
    List<Row> out = new ArrayList<>();
    for (JsonNode z : status.path("zones")) {
      String last = z.get("last_event").isNull() ? null : z.get("last_event").asText();
      boolean tripped = last != null && !Instant.parse(last).isBefore(started);
      List<String> warnings = new ArrayList<>();
      if (!z.get("mapped").asBoolean()) {
        warnings.add(UNMAPPED);
      } else if (!tripped) {
        warnings.add(NOT_SEEN);
      }
      JsonNode configured = z.get("configured_partition");
      if (tripped
          && configured != null
          && !configured.isNull()
          && configured.asInt() != z.get("partition").asInt()) {
        warnings.add(
            String.format(WRONG_PARTITION, z.get("partition").asText(), configured.asText()));
      }
      out.add(
          new Row(
              z.get("number").asInt(),
              z.get("name").asText(),
              z.get("type").isNull() ? "?" : z.get("type").asText(),
              z.get("partition").asInt(),
              z.get("state").asText(),
              last,
              z.get("last_code").isNull() ? null : z.get("last_code").asText(),
              tripped,
              warnings));
    }
    return out;
  }

  static String render(List<Row> rows, Instant started, Instant now) {
    StringBuilder out = new StringBuilder();
    long tripped = rows.stream().filter(Row::tripped).count();
    long mapped = rows.stream().filter(r -> !r.warnings().contains(UNMAPPED)).count();
    out.append(
        String.format(
            "Walk test since %s (%d s): %d of %d configured zones tripped%n",
            started,
            java.time.Duration.between(started, now).toSeconds(),
            rows.stream().filter(r -> r.tripped() && !r.warnings().contains(UNMAPPED)).count(),
            mapped));
    out.append(
        String.format(
            "%-5s  %-20s  %-10s  %-4s  %-11s  %-24s  %-5s  %s%n",
            "zone", "name", "type", "part", "state", "last event", "code", "check"));
    for (Row r : rows) {
      out.append(
          String.format(
              "%-5d  %-20s  %-10s  %-4d  %-11s  %-24s  %-5s  %s%n",
              r.number(),
              r.name(),
              r.type(),
              r.partition(),
              r.state(),
              r.lastEvent() == null ? "-" : r.lastEvent(),
              r.lastCode() == null ? "-" : r.lastCode(),
              r.warnings().isEmpty() ? "ok" : String.join("; ", r.warnings())));
    }
    if (tripped == 0) {
      out.append(
          "Trip each zone now (open the door, walk past the detector); rows update as events arrive.\n");
    }
    return out.toString();
  }
}
