package io.chektbridge.daemon.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/** Renders the status port's JSON as the table an installer reads on a terminal. */
final class StatusTable {
  private StatusTable() {}

  static String render(String json) throws IOException {
    JsonNode s = new ObjectMapper().readTree(json);
    StringBuilder out = new StringBuilder();
    out.append("chekt-bridge ")
        .append(s.path("version").asText())
        .append(", up ")
        .append(s.path("uptime_s").asLong())
        .append(" s");
    if (s.path("site").hasNonNull("id")) {
      out.append(", site ").append(s.path("site").path("id").asText());
    }
    out.append('\n');
    section(out, "PARTITIONS", s.path("partitions"), "number name state since user delay_ends");
    section(
        out, "ZONES", s.path("zones"), "number name partition type state bypassed alarm_memory");
    section(
        out,
        "SERIAL PORTS",
        s.path("serial"),
        "port framing state since messages reconnects error");
    section(
        out,
        "TCP LINKS",
        s.path("tcp_links"),
        "name transport address state peer since messages reconnects error");
    section(out, "PANEL ACCOUNTS", s.path("links"), "kind account last_message frames acked naked");
    JsonNode outbox = s.path("outbox");
    if (!outbox.isMissingNode()) {
      out.append("\nOUTBOX  pending ")
          .append(outbox.path("pending").asText())
          .append(", oldest ")
          .append(outbox.path("oldest_age_s").asText("-"))
          .append(" s, dead letters ")
          .append(outbox.path("dead_letter").asText())
          .append('\n');
    }
    JsonNode cloud = s.path("cloud");
    if (!cloud.isMissingNode()) {
      out.append("CLOUD   last success ")
          .append(cloud.path("last_success").asText("never"))
          .append(", last error ")
          .append(cloud.path("last_error").asText("none"))
          .append('\n');
    }
    section(out, "ALERTS", s.path("alerts"), "name since detail");
    return out.toString();
  }

  /** A titled table of {@code rows}; {@code header}: the JSON keys shown, space-separated. */
  private static void section(StringBuilder out, String title, JsonNode rows, String header) {
    if (!rows.isArray()) {
      return;
    }
    out.append('\n').append(title);
    if (rows.isEmpty()) {
      out.append("  (none)\n");
      return;
    }
    out.append('\n');
    String[] columns = header.split(" ");
    int[] width = new int[columns.length];
    for (int i = 0; i < columns.length; i++) {
      width[i] = columns[i].length();
      for (JsonNode r : rows) {
        width[i] = Math.max(width[i], cell(r, columns[i]).length());
      }
    }
    appendRow(out, width, columns);
    for (JsonNode r : rows) {
      String[] cells = new String[columns.length];
      for (int i = 0; i < columns.length; i++) {
        cells[i] = cell(r, columns[i]);
      }
      appendRow(out, width, cells);
    }
  }

  private static String cell(JsonNode row, String column) {
    JsonNode v = row.path(column);
    return v.isMissingNode() || v.isNull() ? "-" : v.asText();
  }

  private static void appendRow(StringBuilder out, int[] width, String[] cells) {
    out.append(' ');
    for (int i = 0; i < cells.length; i++) {
      out.append(' ').append(String.format("%-" + width[i] + "s", cells[i]));
    }
    out.append('\n');
  }
}
