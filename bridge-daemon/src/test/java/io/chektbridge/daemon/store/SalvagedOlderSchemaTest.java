package io.chektbridge.daemon.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.chektbridge.daemon.outbox.OutboxStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code storage recover} copies rows of a database of any older schema into a new one whose
 * migrations have already run; rows from before delivery classes carry priority 0, the arming
 * lane's. Cloud sync's start gives them their class ({@link OutboxStore#classifyUnclassified}), or
 * every salvaged alarm would be sent one at a time as if it were an arming change.
 */
class SalvagedOlderSchemaTest {
  @TempDir Path dir;

  @Test
  void salvagedEventsFromBeforeDeliveryClassesAreGivenClassOne() throws Exception {
    try (Connection c = DriverManager.getConnection(Database.url(dir), "bridge", "");
        Statement s = c.createStatement()) {
      s.execute("RUNSCRIPT FROM 'classpath:/db/migration/V1__core.sql'");
      s.execute(
          "INSERT INTO outbox (kind, idempotency_key, body, created_at) VALUES "
              + "('event', 'evt:1', '{\"event_type\":\"alarm\"}', CURRENT_TIMESTAMP), "
              + "('arming', 'arm:1', '{\"state\":\"armed_away\"}', CURRENT_TIMESTAMP)");
    }

    new StorageRecovery(dir, Clock.systemUTC()).recover();

    try (Database db = Database.open(dir)) {
      assertThat(priorities(db)).containsEntry("evt:1", 0).containsEntry("arm:1", 0);
      assertThat(new OutboxStore(db).classifyUnclassified()).isEqualTo(1);
      assertThat(priorities(db)).containsEntry("evt:1", 1).containsEntry("arm:1", 0);
    }
  }

  private static Map<String, Integer> priorities(Database db) throws Exception {
    Map<String, Integer> out = new LinkedHashMap<>();
    try (Connection c = db.connection();
        ResultSet rs =
            c.createStatement().executeQuery("SELECT idempotency_key, priority FROM outbox")) {
      while (rs.next()) {
        out.put(rs.getString(1), rs.getInt(2));
      }
    }
    return out;
  }
}
