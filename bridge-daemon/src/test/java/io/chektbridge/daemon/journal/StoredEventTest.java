package io.chektbridge.daemon.journal;

import static org.assertj.core.api.Assertions.assertThat;

import io.chektbridge.daemon.store.Database;
import io.chektbridge.sia.AlarmEvent;
import io.chektbridge.sia.AlarmEvent.PayloadFormat;
import io.chektbridge.sia.AlarmEvent.Qualifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The state engine applies the events the journal hands over, or the same events read back from
 * panel_event after a restart; both must be equal field for field, or a replayed batch would render
 * other cloud bodies under the same Idempotency-Keys. Generated events cover what the columns
 * change: texts and URL lists past their limits, commas at the cut, nanosecond times (H2 keeps
 * microseconds, rounded), absent values.
 */
class StoredEventTest {
  @TempDir Path dir;

  @Test
  void whatTheJournalHandsOverIsWhatTheTableReadsBack() throws Exception {
    Random random = new Random(20261205);
    List<JournalRecord> records = new ArrayList<>();
    long eventId = 1;
    for (long messageId = 1; messageId <= 400; messageId++) {
      JournalRecord r = new JournalRecord(messageId, eventId, message(random));
      records.add(r);
      eventId = r.nextEventId();
    }
    List<StoredEvent> handed = new ArrayList<>();
    for (JournalRecord r : records) {
      for (int i = 0; i < r.message().events().size(); i++) {
        handed.add(StoredEvent.of(r, i));
      }
    }

    try (Database db = Database.open(dir.resolve("data"))) {
      db.inTransaction(
          c -> {
            try (PreparedStatement message =
                    c.prepareStatement(
                        "INSERT INTO inbound_message (id, received_at, link, raw) VALUES (?,?,?,?)");
                PreparedStatement event = c.prepareStatement(PanelEventTable.INSERT)) {
              for (JournalRecord r : records) {
                message.setLong(1, r.messageId());
                message.setObject(2, r.message().receivedAt().atOffset(ZoneOffset.UTC));
                message.setString(3, r.message().link());
                message.setBytes(4, r.message().raw());
                message.addBatch();
              }
              message.executeBatch();
              int next = 0;
              for (JournalRecord r : records) {
                for (int i = 0; i < r.message().events().size(); i++) {
                  PanelEventTable.add(event, r.messageId(), handed.get(next++));
                }
              }
              event.executeBatch();
            }
            return null;
          });

      assertThat(handed).hasSizeGreaterThan(500);
      assertThat(PanelEventTable.after(db, 0, handed.size() + 1)).isEqualTo(handed);
    }
  }

  private static InboundMessage message(Random random) {
    List<AlarmEvent> events = new ArrayList<>();
    int n = random.nextInt(4);
    for (int i = 0; i < n; i++) {
      events.add(event(random));
    }
    return new InboundMessage(
        instant(random),
        "dc09-tcp",
        "127.0.0.1:4000",
        "1234",
        "raw".getBytes(StandardCharsets.US_ASCII),
        "key-" + random.nextLong(),
        null,
        events);
  }

  private static AlarmEvent event(Random random) {
    return new AlarmEvent(
        Integer.toHexString(random.nextInt(0xFFFF)),
        random.nextBoolean() ? PayloadFormat.CONTACT_ID : PayloadFormat.SIA_DC03,
        Qualifier.values()[random.nextInt(Qualifier.values().length)],
        random.nextInt(5) == 0 ? null : String.valueOf(100 + random.nextInt(900)),
        random.nextInt(5) == 0 ? null : "BA",
        random.nextInt(4) == 0 ? null : random.nextInt(9),
        random.nextInt(4) == 0 ? null : random.nextInt(1000),
        random.nextInt(4) == 0 ? null : random.nextInt(100),
        random.nextInt(3) == 0 ? null : text(random, 1 + random.nextInt(2000)),
        random.nextBoolean() ? null : instant(random),
        urls(random),
        text(random, 1 + random.nextInt(260)),
        text(random, 1 + random.nextInt(40)));
  }

  /** Up to 80 URLs of up to 120 characters: often past the 4096 of the column. */
  private static List<String> urls(Random random) {
    List<String> urls = new ArrayList<>();
    int n = random.nextInt(3) == 0 ? 0 : random.nextInt(80);
    for (int i = 0; i < n; i++) {
      urls.add("https://cam.example/" + text(random, 1 + random.nextInt(100)));
    }
    return urls;
  }

  private static String text(Random random, int length) {
    StringBuilder b = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      b.append((char) ('a' + random.nextInt(26)));
    }
    return b.toString();
  }

  /** Nanosecond times, some just under a whole second or a half microsecond. */
  private static Instant instant(Random random) {
    int nanos =
        switch (random.nextInt(4)) {
          case 0 -> 999_999_999;
          case 1 -> random.nextInt(1_000_000) * 1_000 + 500;
          case 2 -> random.nextInt(1_000_000) * 1_000 + 499;
          default -> random.nextInt(1_000_000_000);
        };
    return Instant.ofEpochSecond(1_780_000_000L + random.nextInt(10_000_000), nanos);
  }
}
