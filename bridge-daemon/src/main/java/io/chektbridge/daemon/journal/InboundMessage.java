package io.chektbridge.daemon.journal;

import io.chektbridge.sia.AlarmEvent;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One message a panel link received, as it goes into the journal: the raw bytes always (valid or
 * not), and the events it decoded to.
 *
 * @param receivedAt when the bridge received it (bridge clock, UTC)
 * @param link which link: "dc09-tcp", "dc09-udp", "serial:/dev/ttyUSB0", "tcp-link:name",
 *     "supervision"
 * @param peer the remote address or device, or null
 * @param account the panel account, or null when unknown
 * @param raw the bytes as received (stored up to 8 KiB)
 * @param dedupKey identity of a retransmission (same account, sequence and content), or null for
 *     none
 * @param error why it could not be decoded (stable snake_case), or null when it was
 * @param events the decoded events; empty for link tests and undecodable messages
 */
public record InboundMessage(
    Instant receivedAt,
    String link,
    String peer,
    String account,
    byte[] raw,
    String dedupKey,
    String error,
    List<AlarmEvent> events) {

  public InboundMessage {
    Objects.requireNonNull(receivedAt, "receivedAt");
    Objects.requireNonNull(link, "link");
    Objects.requireNonNull(raw, "raw");
    events = events == null ? List.of() : List.copyOf(events);
  }
}
