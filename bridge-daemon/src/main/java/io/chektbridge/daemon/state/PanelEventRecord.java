package io.chektbridge.daemon.state;

import java.time.Instant;
import java.util.List;

/**
 * One row of {@code panel_event} (V1__core.sql, written by the journal) as the state machine reads
 * it. {@code receivedAt} is the bridge's own UTC clock when the event was stored: the state machine
 * times everything from it, since a panel's clock may be off or in local time.
 */
public record PanelEventRecord(
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

  public PanelEventRecord {
    videoUrls = videoUrls == null ? List.of() : List.copyOf(videoUrls);
  }

  /** "E130" as the cloud's {@code codes.cid}, or null when no Contact ID code is known. */
  public String cidWithQualifier() {
    return cidCode == null ? null : qualifier + cidCode;
  }

  public boolean restore() {
    return qualifier == 'R';
  }
}
