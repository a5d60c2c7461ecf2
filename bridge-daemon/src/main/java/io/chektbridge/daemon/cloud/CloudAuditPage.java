package io.chektbridge.daemon.cloud;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chektbridge.daemon.outbox.OutboxStore;
import io.chektbridge.daemon.status.StatusServer.Response;
import java.sql.SQLException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /audit?cloud=1[&since=][&limit=]}: every attempt to deliver an outbox row (the CHeKT
 * API contract O5), oldest first: time, key, class, HTTP status, outcome and latency.
 */
public final class CloudAuditPage {
  private static final Logger LOG = LoggerFactory.getLogger(CloudAuditPage.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  static final int MAX_LINES = 10_000;

  private final OutboxStore store;

  public CloudAuditPage(OutboxStore store) {
    this.store = store;
  }

  public Response answer(Map<String, String> query) {
    Instant since;
    int limit;
    try {
      since = query.containsKey("since") ? Instant.parse(query.get("since")) : null;
      limit = query.containsKey("limit") ? Integer.parseInt(query.get("limit")) : 1000;
    } catch (DateTimeParseException | NumberFormatException e) {
      return Response.text(
          400, "bad query: since is a UTC time like 2026-01-15T10:30:00Z; limit is a number\n");
    }
    if (limit < 1 || limit > MAX_LINES) {
      return Response.text(
          400, "bad query: limit must be from 1 to " + MAX_LINES + ", not " + limit + "\n");
    }
    try {
      return new Response(
          200, "application/json", JSON.writeValueAsBytes(store.attempts(since, limit)));
    } catch (SQLException e) {
      LOG.warn("Cloud audit not readable: {}", e.getMessage());
      return Response.text(
          503, "cloud audit not readable now (database busy or failing); try again\n");
    } catch (JsonProcessingException e) {
      return Response.text(500, "cloud audit rendering failed\n");
    }
  }
}
