package io.chektbridge.daemon.status;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chektbridge.daemon.state.AuditEntry;
import io.chektbridge.daemon.state.StateStore;
import io.chektbridge.daemon.state.StateStore.AuditRecord;
import io.chektbridge.daemon.status.StatusServer.Request;
import io.chektbridge.daemon.status.StatusServer.Response;
import java.sql.SQLException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /audit?since=&partition=&limit=}: the newest {@code limit} matching lines of the site
 * state's audit trail (default 1000) in time order, with the number that matched in the {@code
 * X-Total-Count} header; {@code /audit?cloud=1} answers from the cloud's delivery attempts instead.
 */
public final class AuditRoute {
  private static final Logger LOG = LoggerFactory.getLogger(AuditRoute.class);
  public static final int MAX_AUDIT_LINES = 10_000;
  private static final int DEFAULT_LINES = 1000;

  /** How many lines matched, of which the newest {@code limit} were sent. */
  public static final String TOTAL_HEADER = "X-Total-Count";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final StateStore store;
  private final Function<Map<String, String>, Response> cloudAudit;

  /** {@code cloudAudit} answers {@code /audit?cloud=1} (every cloud delivery attempt). */
  public AuditRoute(StateStore store, Function<Map<String, String>, Response> cloudAudit) {
    this.store = store;
    this.cloudAudit = cloudAudit;
  }

  public Response answer(Request r) {
    return "1".equals(r.query().get("cloud")) ? cloudAudit.apply(r.query()) : stateAudit(r.query());
  }

  private Response stateAudit(Map<String, String> query) {
    Instant since;
    Integer partition;
    int limit;
    try {
      since = query.containsKey("since") ? Instant.parse(query.get("since")) : null;
      partition = query.containsKey("partition") ? Integer.valueOf(query.get("partition")) : null;
      limit = query.containsKey("limit") ? Integer.parseInt(query.get("limit")) : DEFAULT_LINES;
    } catch (DateTimeParseException | NumberFormatException e) {
      return Response.text(
          400,
          "bad query: since is a UTC time like 2026-01-15T10:30:00Z; partition and limit are numbers\n");
    }
    if (limit < 1 || limit > MAX_AUDIT_LINES) {
      return Response.text(
          400, "bad query: limit must be from 1 to " + MAX_AUDIT_LINES + ", not " + limit + "\n");
    }
    try {
      StateStore.AuditPage page = store.latestAudit(since, partition, limit);
      List<Map<String, Object>> rows = page.lines().stream().map(AuditRoute::json).toList();
      return new Response(
          200,
          "application/json",
          JSON.writeValueAsBytes(rows),
          Map.of(TOTAL_HEADER, Long.toString(page.matching())));
    } catch (SQLException e) {
      // the SQL text helps nobody reading the page; the log keeps it
      LOG.warn("Audit trail not readable: {}", e.getMessage());
      return Response.text(
          503, "audit trail not readable now (database busy or failing); try again\n");
    } catch (JsonProcessingException e) {
      return Response.text(500, "audit rendering failed\n");
    }
  }

  private static Map<String, Object> json(AuditRecord r) {
    AuditEntry a = r.entry();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", r.id());
    m.put("at", SiteSections.text(a.at()));
    m.put("partition", a.partition());
    m.put("zone", a.zone());
    m.put("from", a.from());
    m.put("to", a.to());
    m.put("user", a.user() == null ? null : a.user().toString());
    m.put("source", a.source() == null ? null : a.source().wireName());
    m.put("panel_event_id", a.panelEventId());
    m.put("outcome", a.outcome().wireName());
    m.put("detail", a.detail());
    return m;
  }
}
