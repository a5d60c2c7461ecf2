package io.chektbridge.daemon.link.line;

import io.chektbridge.contactid.ContactIdError;
import io.chektbridge.contactid.ContactIdMessage;
import io.chektbridge.contactid.ContactIdParseException;
import io.chektbridge.contactid.ContactIdParser;
import io.chektbridge.daemon.journal.EventJournal;
import io.chektbridge.daemon.journal.InboundMessage;
import io.chektbridge.daemon.link.LinkContext;
import io.chektbridge.daemon.link.LinkStats;
import io.chektbridge.daemon.link.LinkSupervisor;
import io.chektbridge.daemon.link.LogThrottle;
import io.chektbridge.daemon.ops.Metrics;
import io.chektbridge.daemon.time.HostClock;
import io.chektbridge.sia.ContactIdEvents;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Contact ID lines from a serial port (16- or 15-digit DTMF form, a receiver automation line,
 * {@code [#]ACCT|QXYZ GG CCC}), from a serial port or a serial device server. A line that parses is
 * journaled and answered with the link's ACK (0x06 unless configured) once durable. A line that
 * does not parse is journaled raw with its error and answered with the link's NAK (0x15 unless
 * configured; empty = silence) once durable, so a sender whose line was garbled in transit resends
 * it; it is never dropped. A receiver heartbeat is answered ACK at once and not stored. If the
 * journal refuses, the sender hears nothing and resends.
 *
 * <p>Contact ID has no sequence number, so two identical lines are two events (a zone can alarm
 * twice): no retransmission dedup here, a doubled event is better than a lost one.
 */
final class ContactIdLineHandler implements LineMessageHandler {
  private static final Logger LOG = LoggerFactory.getLogger(ContactIdLineHandler.class);

  private final String kind;
  private final byte[] ack;
  private final byte[] nak;
  private final EventJournal journal;
  private final LinkSupervisor supervisor;
  private final Duration supervision;
  private final LinkStats stats;
  private final Metrics metrics;
  private final HostClock clock;
  private final LogThrottle throttle;

  ContactIdLineHandler(LineSettings settings, LinkContext context) {
    this.kind = settings.kind();
    this.ack = settings.ack().bytes();
    this.nak = settings.nak().bytes();
    this.journal = context.journal();
    this.supervisor = context.supervisor();
    this.supervision = settings.supervision();
    this.stats = context.stats();
    this.metrics = context.metrics();
    this.clock = context.clock();
    this.throttle = new LogThrottle(clock, Duration.ofMinutes(10));
  }

  @Override
  public void handle(byte[] line, String link, String port, Consumer<byte[]> answer) {
    Instant now = clock.instant();
    String text = new String(line, StandardCharsets.ISO_8859_1);
    ContactIdMessage message;
    try {
      message = ContactIdParser.parseAny(text);
    } catch (ContactIdParseException e) {
      if (e.error() == ContactIdError.RECEIVER_HEARTBEAT) {
        answer(answer, ack);
        count(link, "heartbeat", "none");
      } else {
        unparsed(line, text, link, port, e, answer, now);
      }
      return;
    }
    String account = message.account();
    LinkStats.Entry entry = stats.of(kind, account);
    entry.received(now);
    if (supervision != null) {
      supervisor.watch(account, supervision);
    }
    supervisor.seen(account);
    InboundMessage inbound =
        new InboundMessage(
            now,
            link,
            port,
            account,
            line,
            null,
            null,
            List.of(ContactIdEvents.toAlarmEvent(message, null, List.of(), null)));
    journal
        .append(inbound)
        .whenComplete(
            (receipt, failure) -> {
              if (failure == null) {
                answer(answer, ack);
                entry.acked();
                count(link, "ack", "none");
              } else {
                entry.refused();
                notStored(link, "Contact ID line '" + text.strip() + "'", failure);
              }
            });
  }

  private void unparsed(
      byte[] line,
      String text,
      String link,
      String port,
      ContactIdParseException e,
      Consumer<byte[]> answer,
      Instant now) {
    LinkStats.Entry entry = stats.of(kind, "unknown");
    entry.received(now);
    if (throttle.shouldLog(port + "|" + e.error())) {
      LOG.warn(
          "Panel link {}: line '{}' is not Contact ID ({}: {}); stored raw and answered NAK. If every line "
              + "fails, check the port's baud rate and parity and the panel's output format",
          link,
          printable(text),
          e.error().code(),
          e.getMessage());
    }
    journal
        .append(new InboundMessage(now, link, port, null, line, null, e.error().code(), List.of()))
        .whenComplete(
            (receipt, failure) -> {
              if (failure == null) {
                answer(answer, nak);
                entry.naked();
                count(link, "nak", e.error().code());
              } else {
                entry.refused();
                notStored(link, "unparsed line", failure);
              }
            });
  }

  /** An empty answer (nak: "") keeps the link silent: the sender times out and resends. */
  private static void answer(Consumer<byte[]> answer, byte[] bytes) {
    if (bytes.length > 0) {
      answer.accept(bytes);
    }
  }

  private void notStored(String link, String what, Throwable failure) {
    count(link, "unstored", "journal");
    if (throttle.shouldLog(link + "|journal")) {
      Throwable cause = failure.getCause() == null ? failure : failure.getCause();
      LOG.error(
          "Panel link {}: {} not acknowledged, the panel will resend: {}",
          link,
          what,
          cause.getMessage());
    }
  }

  private void count(String link, String result, String reason) {
    metrics
        .counter(
            "chekt_bridge_panel_lines_total",
            "Contact ID lines received on serial and serial-over-TCP links, by link, answer and reason",
            Metrics.label("link", link)
                + ","
                + Metrics.label("result", result)
                + ","
                + Metrics.label("reason", reason))
        .increment();
  }

  private static String printable(String s) {
    StringBuilder out = new StringBuilder(Math.min(s.length(), 80));
    for (int i = 0; i < s.length() && i < 80; i++) {
      char c = s.charAt(i);
      out.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\x%02X", (int) c));
    }
    return out.toString();
  }
}
