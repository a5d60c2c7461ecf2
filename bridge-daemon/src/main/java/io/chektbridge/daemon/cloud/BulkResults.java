package io.chektbridge.daemon.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a bulk answer (the CHeKT API contract §5.1): one result per item, in order, each taken as
 * if the item had been sent alone. Accepted and replayed are delivered; a rejected item carries its
 * own HTTP status and error and is classified like a single answer of that status.
 */
final class BulkResults {
  private static final ObjectMapper JSON = new ObjectMapper();

  private BulkResults() {}

  /**
   * The outcome of each of {@code items} items; throws when the answer does not hold exactly that
   * many.
   */
  static List<DeliveryOutcome> parse(String body, int items, String traceId, Clock clock)
      throws IOException {
    JsonNode results = JSON.readTree(body == null ? "" : body).path("results");
    if (!results.isArray() || results.size() != items) {
      throw new IOException(
          "bulk answer holds "
              + (results.isArray() ? results.size() : "no")
              + " results for "
              + items
              + " items");
    }
    List<DeliveryOutcome> out = new ArrayList<>(items);
    for (JsonNode r : results) {
      String status = r.path("status").asText();
      if (status.equals("accepted") || status.equals("replayed")) {
        out.add(DeliveryOutcome.delivered(status.equals("accepted") ? 201 : 200));
      } else {
        int http = r.path("http_status").asInt(400);
        out.add(
            CloudClient.classify(
                new CloudClient.Reply(http, r.path("error").toString(), null, false, traceId, null),
                clock));
      }
    }
    return out;
  }
}
