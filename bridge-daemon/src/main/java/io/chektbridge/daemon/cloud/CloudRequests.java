package io.chektbridge.daemon.cloud;

import io.chektbridge.daemon.outbox.OutboxRecord;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Where each outbox row goes (the CHeKT API contract §4 arming, §5 events, §5.1 bulk events) and
 * with which bytes: the stored body as written, never parsed or rewritten here. A bulk item is the
 * stored body with its {@code idempotency_key} member added in front.
 */
public final class CloudRequests {
  /** Items per bulk request (§5.1). */
  public static final int BULK_MAX = 500;

  private final String armingPath;
  private final String armingReadPath;
  private final String eventsPath;

  public CloudRequests(String siteId, String eventsPath) {
    String site = URLEncoder.encode(siteId, StandardCharsets.UTF_8);
    this.armingPath = "/v1/sites/" + site + "/arming-state";
    this.armingReadPath = "/ext/v1/sites/" + site + "/arming";
    this.eventsPath = eventsPath;
  }

  public OutboundRequest single(OutboxRecord row) {
    return new OutboundRequest(
        row.isArming() ? armingPath : eventsPath, row.idempotencyKey(), row.body());
  }

  public OutboundRequest bulk(List<OutboxRecord> rows) {
    StringBuilder b = new StringBuilder(rows.size() * 600).append("{\"events\":[");
    for (int i = 0; i < rows.size(); i++) {
      OutboxRecord r = rows.get(i);
      b.append(i == 0 ? "" : ",")
          .append("{\"idempotency_key\":\"")
          .append(jsonEscape(r.idempotencyKey()))
          .append('"');
      String body = r.body().trim();
      b.append(body.length() > 2 ? "," : "").append(body, 1, body.length());
    }
    return new OutboundRequest(eventsPath + "/bulk", null, b.append("]}").toString());
  }

  /** The reconciliation read of the cloud's arming state (§4.3). */
  public String armingReadPath() {
    return armingReadPath;
  }

  private static String jsonEscape(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
