package io.chektbridge.daemon.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chektbridge.daemon.config.BridgeConfig;
import io.chektbridge.daemon.config.Durations;
import io.chektbridge.daemon.status.AuditRoute;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code audit}: the site state audit trail (every transition, with its cause), from the running
 * daemon.
 */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    description = {
      "Show the audit trail of partition and zone state changes (UTC): the newest lines, in time order.",
      "When more lines match than --limit, says how many older ones were left out (on stderr)."
    })
public final class AuditCommand extends ConfiguredCommand {
  @Option(
      names = "--since",
      paramLabel = "WHEN",
      description =
          "Only lines at or after WHEN: a UTC time (2026-01-15T10:30:00Z) or an age (30m, 2h, 7d)")
  String since;

  @Option(names = "--partition", paramLabel = "N", description = "Only this partition")
  Integer partition;

  @Option(
      names = "--limit",
      paramLabel = "N",
      defaultValue = "1000",
      description = "The newest N lines, 1 to 10000 (default ${DEFAULT-VALUE})")
  int limit;

  @Option(
      names = "--cloud",
      description =
          "Every attempt to deliver to the cloud instead: time, key, class, HTTP "
              + "status, outcome, latency")
  boolean cloud;

  @Option(names = "--json", description = "One JSON array, as the status port serves it")
  boolean json;

  @Mixin StatusPortOption statusPort;

  Clock clock = Clock.systemUTC();

  @Override
  int run(BridgeConfig loaded) throws Exception {
    PrintWriter err = err();
    if (limit < 1 || limit > AuditRoute.MAX_AUDIT_LINES) {
      err.println("--limit must be from 1 to " + AuditRoute.MAX_AUDIT_LINES + ", not " + limit);
      return Main.USAGE;
    }
    StringBuilder query =
        new StringBuilder("/audit?limit=").append(limit).append(cloud ? "&cloud=1" : "");
    if (since != null) {
      Instant from = parseSince(since);
      if (from == null) {
        err.println(
            "--since '"
                + since
                + "' is neither a UTC time like 2026-01-15T10:30:00Z nor an age like 2h");
        return Main.USAGE;
      }
      query.append("&since=").append(URLEncoder.encode(from.toString(), StandardCharsets.UTF_8));
    }
    if (partition != null) {
      query.append("&partition=").append(partition);
    }
    HttpResponse<String> resp = statusPort.client(loaded).fetch(query.toString());
    PrintWriter out = out();
    JsonNode lines = new ObjectMapper().readTree(resp.body());
    if (json) {
      out.println(resp.body());
    } else {
      lines.forEach(line -> out.println(cloud ? renderAttempt(line) : render(line)));
    }
    out.flush();
    long matching = resp.headers().firstValueAsLong(AuditRoute.TOTAL_HEADER).orElse(lines.size());
    if (matching > lines.size()) {
      err.println(
          "Showing the newest "
              + lines.size()
              + " of "
              + matching
              + " lines; "
              + (matching - lines.size())
              + " older lines not shown (use --limit up to "
              + AuditRoute.MAX_AUDIT_LINES
              + ", or --since).");
    } else if (lines.isEmpty()) {
      err.println(
          "No audit lines"
              + (since == null ? "" : " since " + since)
              + (partition == null ? "" : " for partition " + partition)
              + ".");
    }
    return Main.OK;
  }

  private Instant parseSince(String text) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException notATime) {
      try {
        return clock.instant().minus(Durations.parse(text));
      } catch (IllegalArgumentException notAnAge) {
        return null;
      }
    }
  }

  /**
   * {@code 2026-01-15T10:00:00Z class 1 201 delivered 48 ms evt:site_abc123:a1b2c3d4-7 (row 7)}.
   */
  static String renderAttempt(JsonNode a) {
    return String.format(
        "%-24s  class %s  %-4s  %-9s  %6d ms  %s  (row %s)%s",
        a.get("at").asText(),
        a.get("class").asText(),
        a.get("http_status").isNull() ? "-" : a.get("http_status").asText(),
        a.get("outcome").asText(),
        a.get("latency_ms").asLong(),
        a.get("key").asText(),
        a.get("outbox_id").asText(),
        a.get("detail").isNull() ? "" : "  " + a.get("detail").asText());
  }

  /**
   * {@code 2026-01-15T10:00:00Z p1 disarmed → arming_in_progress changed user 3 (keypad) event 12
   * exit delay 60 s}.
   */
  static String render(JsonNode a) {
    String where =
        (a.get("partition").isNull() ? "site" : "p" + a.get("partition").asText())
            + (a.get("zone").isNull() ? "" : " zone " + a.get("zone").asText());
    String change =
        a.get("from").isNull() && a.get("to").isNull()
            ? "-"
            : a.get("from").asText("-") + " → " + a.get("to").asText("-");
    String who =
        a.get("user").isNull()
            ? a.get("source").asText("-")
            : "user " + a.get("user").asText() + " (" + a.get("source").asText() + ")";
    String cause =
        a.get("panel_event_id").isNull() ? "timer" : "event " + a.get("panel_event_id").asText();
    return String.format(
        "%-24s  %-12s  %-40s  %-13s  %-16s  %-11s  %s",
        a.get("at").asText(),
        where,
        change,
        a.get("outcome").asText(),
        who,
        cause,
        a.get("detail").asText(""));
  }
}
