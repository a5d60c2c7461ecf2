package io.chektbridge.daemon.outbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chektbridge.daemon.store.Database;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rows queued while {@code site.id} was not configured carry keys with an empty site segment
 * ({@code evt::…}, or {@code evt:null:…} from older versions) and events a null {@code site_id}.
 * Once a site id is set, cloud sync runs this before its first send: each such row gets the site in
 * its key and body, durably, once; from then on sending sends the stored bytes unchanged.
 */
public final class SiteIdRepair {
  private static final Logger LOG = LoggerFactory.getLogger(SiteIdRepair.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] PREFIXES = {"evt:", "arm:"};
  private static final int BATCH = 200;

  private final Database db;
  private final String siteId;

  public SiteIdRepair(Database db, String siteId) {
    this.db = db;
    this.siteId = siteId;
  }

  /** Repairs every site-less pending or dead row; returns how many changed. */
  public int run() throws SQLException {
    int total = 0;
    int n;
    do {
      n =
          db.inTransaction(
              c -> {
                List<Object[]> rows = new ArrayList<>();
                try (PreparedStatement ps =
                        c.prepareStatement(
                            "SELECT id, idempotency_key, body FROM outbox WHERE status <> "
                                + "'delivered' AND (idempotency_key LIKE 'evt::%' OR idempotency_key LIKE 'arm::%' OR idempotency_key LIKE "
                                + "'evt:null:%' OR idempotency_key LIKE 'arm:null:%') ORDER BY id LIMIT "
                                + BATCH);
                    ResultSet rs = ps.executeQuery()) {
                  while (rs.next()) {
                    rows.add(new Object[] {rs.getLong(1), rs.getString(2), rs.getString(3)});
                  }
                }
                try (PreparedStatement up =
                    c.prepareStatement(
                        "UPDATE outbox SET idempotency_key = ?, body = ? WHERE id = ?")) {
                  for (Object[] r : rows) {
                    up.setString(1, withSite((String) r[1]));
                    up.setString(2, bodyWithSite((String) r[2]));
                    up.setLong(3, (Long) r[0]);
                    up.addBatch();
                  }
                  up.executeBatch();
                }
                return rows.size();
              });
      total += n;
    } while (n == BATCH);
    if (total > 0) {
      LOG.info("{} outbox rows queued before site.id was set now carry site {}", total, siteId);
    }
    return total;
  }

  String withSite(String key) {
    for (String prefix : PREFIXES) {
      if (key.startsWith(prefix + ":")) {
        return prefix + siteId + key.substring(prefix.length());
      }
      if (key.startsWith(prefix + "null:")) {
        return prefix + siteId + key.substring(prefix.length() + 4);
      }
    }
    return key;
  }

  private String bodyWithSite(String body) {
    try {
      if (JSON.readTree(body) instanceof ObjectNode o && o.has("site_id")) {
        return o.put("site_id", siteId).toString();
      }
    } catch (IOException e) {
      // left as it is: the cloud's 400 dead-letters it with the reason
    }
    return body;
  }
}
