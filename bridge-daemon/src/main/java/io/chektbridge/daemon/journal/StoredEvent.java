package io.chektbridge.daemon.journal;

import io.chektbridge.sia.AlarmEvent;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;

/**
 * One panel event as the journal stored it in {@code panel_event} (V1__core.sql), field for field:
 * what the state engine applies, whether it was handed over by the journal's indexer right after
 * the copy ({@link CommitListener#committed(List)}) or read back later ({@link PanelEventTable}).
 * Both ways must give equal records, or a batch replayed after a crash would render other cloud
 * bodies under the same Idempotency-Keys: so {@link #of} applies the column limits and H2's
 * microsecond rounding here, once, and the copy writes these values.
 *
 * <p>{@code receivedAt} is the bridge's own UTC clock when the message arrived: the state machine
 * times everything from it, since a panel's clock may be off or in local time.
 */
public record StoredEvent(
    long id,
    Instant receivedAt,
    String source,
    String account,
    String format,
    char qualifier,
    String cidCode,
    String siaCode,
    Integer partition,
    Integer zone,
    Integer user,
    String text,
    Instant panelTime,
    List<String> videoUrls,
    String description,
    String category) {

  static final int TEXT_CHARS = 1024;
  static final int VIDEO_URLS_CHARS = 4096;
  static final int DESCRIPTION_CHARS = 200;
  static final int CATEGORY_CHARS = 32;

  public StoredEvent {
    videoUrls = videoUrls == null ? List.of() : List.copyOf(videoUrls);
  }

  /** Event {@code index} of the journal record {@code r}, as its panel_event row holds it. */
  static StoredEvent of(JournalRecord r, int index) {
    InboundMessage m = r.message();
    AlarmEvent e = m.events().get(index);
    return new StoredEvent(
        r.firstEventId() + index,
        asStored(m.receivedAt()),
        m.link(),
        e.account(),
        e.format().name(),
        e.qualifier().letter(),
        e.cidCode(),
        e.siaCode(),
        e.partition(),
        e.zone(),
        e.user(),
        e.text() == null ? null : truncate(e.text(), TEXT_CHARS),
        e.panelTime() == null ? null : asStored(e.panelTime()),
        videoUrls(truncate(String.join(",", e.videoUrls()), VIDEO_URLS_CHARS)),
        truncate(e.description(), DESCRIPTION_CHARS),
        truncate(e.category(), CATEGORY_CHARS));
  }

  /** The {@code video_urls} column: the URLs comma-joined, or null for none. */
  String videoUrlsColumn() {
    return videoUrls.isEmpty() ? null : String.join(",", videoUrls);
  }

  /** "E130" as the cloud's {@code codes.cid}, or null when no Contact ID code is known. */
  public String cidWithQualifier() {
    return cidCode == null ? null : qualifier + cidCode;
  }

  public boolean restore() {
    return qualifier == 'R';
  }

  static List<String> videoUrls(String column) {
    return column == null || column.isBlank() ? List.of() : Arrays.asList(column.split(","));
  }

  /** A {@code TIMESTAMP WITH TIME ZONE} column keeps microseconds, rounded half up. */
  static Instant asStored(Instant t) {
    return t.plusNanos(500).truncatedTo(ChronoUnit.MICROS);
  }

  private static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }
}
