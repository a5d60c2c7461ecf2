package io.chektbridge.daemon.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * H2's page cache stays within {@link Database#PAGE_CACHE_KIB} however much is read: a table of 19
 * MiB, read end to end, leaves 1-2 MiB cached. With H2's own default (16 MiB, a quarter of the
 * unit's heap) it leaves 16.
 */
class PageCacheBoundTest {
  @TempDir Path dir;

  @Test
  void aFullReadOfALargeTableKeepsTheCacheWithinItsBound() throws Exception {
    int rows = 20_000;
    String body = "x".repeat(1000);
    try (Database db = Database.open(dir)) {
      db.inTransaction(
          c -> {
            try (Statement s = c.createStatement()) {
              s.execute("CREATE TABLE filler (id INT PRIMARY KEY, body VARCHAR(1000))");
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO filler VALUES (?, ?)")) {
              for (int i = 0; i < rows; i++) {
                p.setInt(1, i);
                p.setString(2, body);
                p.addBatch();
              }
              p.executeBatch();
            }
            return null;
          });
      long read = 0;
      try (Connection c = db.connection();
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT body FROM filler")) {
        while (rs.next()) {
          read += rs.getString(1).length();
        }
        assertThat(read).isEqualTo((long) rows * body.length());
        assertThat(setting(c, "info.CACHE_MAX_SIZE")).isEqualTo(Database.PAGE_CACHE_KIB / 1024);
        assertThat(setting(c, "info.CACHE_SIZE"))
            .as("MiB of pages cached after reading %d MiB", read >> 20)
            .isBetween(1, Database.PAGE_CACHE_KIB / 1024);
      }
    }
  }

  private static int setting(Connection c, String name) throws Exception {
    try (PreparedStatement p =
        c.prepareStatement(
            "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = ?")) {
      p.setString(1, name);
      try (ResultSet rs = p.executeQuery()) {
        assertThat(rs.next()).as(name).isTrue();
        return Integer.parseInt(rs.getString(1));
      }
    }
  }
}
