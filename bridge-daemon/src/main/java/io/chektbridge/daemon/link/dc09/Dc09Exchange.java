package io.chektbridge.daemon.link.dc09;

import io.chektbridge.daemon.journal.InboundMessage;
import io.chektbridge.daemon.journal.JournalReceipt;
import io.chektbridge.daemon.link.LinkContext;
import io.chektbridge.daemon.link.LinkStats;
import io.chektbridge.daemon.link.LogThrottle;
import io.chektbridge.daemon.ops.Metrics;
import io.chektbridge.sia.Dc09Decoder;
import io.chektbridge.sia.Dc09Error;
import io.chektbridge.sia.Dc09ExtendedData;
import io.chektbridge.sia.Dc09Frame;
import io.chektbridge.sia.Dc09Response;
import io.chektbridge.sia.Dc09Result;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One DC-09 frame in, at most one answer out, for TCP, UDP and a serial line alike. A verified
 * frame is journaled and ACKed only once the journal says it is durable; a frame that fails
 * verification is answered at once (NAK/DUH: nothing to protect) and kept raw for the record, best
 * effort.
 *
 * <p>The receiver's TCP event loops append on their own thread and call {@link #flush} once per
 * turn, so a turn's frames share one sync and each loop writes its own ACKs; UDP and serial lines,
 * which must not stop reading for a sync, hand their frames to the journal's writer thread instead.
 */
public final class Dc09Exchange {
  private static final Logger LOG = LoggerFactory.getLogger(Dc09Exchange.class);
  static final String KIND = "dc09";

  private final String kind;
  private final Dc09Decoder decoder;

  /** The journal, supervisor, stats, metrics and clock this exchange works with. */
  private final LinkContext context;

  private final LogThrottle throttle;
  private final boolean callerFlushes;

  /** The counter every ACK adds to, looked up once: its labels are built from strings. */
  private final LongAdder acks;

  Dc09Exchange(String kind, Dc09Decoder decoder, LinkContext context, boolean callerFlushes) {
    this.kind = kind;
    this.callerFlushes = callerFlushes;
    this.decoder = decoder;
    this.context = context;
    this.throttle = new LogThrottle(context.clock(), Duration.ofMinutes(10));
    this.acks = counter("ack", "none");
  }

  /**
   * An exchange for another transport carrying DC-09 frames (a serial line), with the accounts,
   * keys and windows of {@code receivers.dc09}; {@code kind} names it in the links status.
   */
  public static Dc09Exchange of(String kind, LinkContext context) throws IOException {
    return new Dc09Exchange(
        kind, new Dc09Decoder(ConfiguredAccounts.of(context.dc09())), context, false);
  }

  /**
   * Handles one frame (LF…CR) from {@code peer} on {@code link}; {@code answer} writes bytes back.
   */
  public void handle(byte[] frame, String link, String peer, Consumer<byte[]> answer) {
    Instant now = context.clock().instant();
    Dc09Result r = decoder.decode(frame, 0, frame.length, now);
    String account = r.frame() == null ? null : r.frame().effectiveAccount();
    LinkStats.Entry entry = context.stats().of(kind, account == null ? "unknown" : account);
    entry.received(now);
    if (!r.valid()) {
      refuse(r, frame, link, peer, account, entry, answer, now);
      return;
    }
    context.supervisor().seen(account);
    InboundMessage message =
        new InboundMessage(now, link, peer, account, frame, dedupKey(r.frame()), null, r.events());
    CompletableFuture<JournalReceipt> stored =
        callerFlushes ? context.journal().appendHere(message) : context.journal().append(message);
    stored.whenComplete(
        (receipt, failure) -> {
          if (failure == null) {
            answer.accept(r.responseBytes());
            entry.acked();
            acks.increment();
          } else {
            entry.refused();
            count("unstored", "journal");
            if (throttle.shouldLog(peer + "|journal")) {
              LOG.error(
                  "DC-09 frame {} from {} (account {}) not acknowledged: {}",
                  r.frame().sequence(),
                  peer,
                  account,
                  failure.getCause() == null
                      ? failure.getMessage()
                      : failure.getCause().getMessage());
            }
          }
        });
  }

  /** Makes this thread's frames durable and writes their answers; see the class comment. */
  public void flush() {
    context.journal().flush();
  }

  private void refuse(
      Dc09Result r,
      byte[] frame,
      String link,
      String peer,
      String account,
      LinkStats.Entry entry,
      Consumer<byte[]> answer,
      Instant now) {
    if (r.responseBytes() != null) {
      answer.accept(r.responseBytes());
    }
    if (r.response() == Dc09Response.NAK) {
      entry.naked();
    } else {
      entry.refused();
    }
    count(r.response().name().toLowerCase(java.util.Locale.ROOT), r.errorCode());
    if (throttle.shouldLog(peer + "|" + r.errorCode())) {
      LOG.warn(
          "DC-09 frame from {} (account {}) refused, answered {}: {} ({}){}",
          peer,
          account == null ? "unknown" : account,
          r.response(),
          r.errorCode(),
          r.detail(),
          advice(r.error()));
    }
    context
        .journal()
        .append(
            new InboundMessage(
                now, link, peer, account, frame, null, r.errorCode(), java.util.List.of()));
  }

  private static String advice(Dc09Error error) {
    return switch (error) {
      case TIMESTAMP_OUT_OF_WINDOW ->
          "; the panel clock is off: it resyncs from the NAK's time, else set its clock to UTC";
      case DECRYPT_FAILED -> "; the AES key or key_format differs from the panel's programming";
      case UNKNOWN_ACCOUNT -> "; add the account under receivers.dc09.accounts";
      case ENCRYPTION_REQUIRED ->
          "; the panel sends plaintext but the account has a key: enable encryption on the panel";
      case CRC_MISMATCH, LENGTH_MISMATCH -> "; a damaged frame: the panel will resend";
      case UNSUPPORTED_TOKEN, BAD_CHECKSUM, MALFORMED -> "";
    };
  }

  private void count(String result, String reason) {
    counter(result, reason).increment();
  }

  private LongAdder counter(String result, String reason) {
    return context
        .metrics()
        .counter(
            "chekt_bridge_dc09_frames_total",
            "DC-09 frames received, by answer and reason",
            Metrics.label("result", result)
                + ","
                + Metrics.label("reason", reason == null ? "none" : reason));
  }

  /**
   * A retransmission carries the same account, sequence and content; the timestamp is left out
   * since some panels re-stamp a resend.
   */
  static String dedupKey(Dc09Frame f) {
    long h = 0xcbf29ce484222325L;
    h = fnv(h, f.token().wire());
    h = fnv(h, f.data());
    for (Dc09ExtendedData x : f.extended()) {
      h = fnv(h, x.id() + x.value());
    }
    return f.effectiveAccount() + "|" + f.sequence() + "|" + Long.toHexString(h);
  }

  private static long fnv(long h, String s) {
    for (int i = 0; i < s.length(); i++) {
      h ^= s.charAt(i);
      h *= 0x100000001b3L;
    }
    return h;
  }
}
