package io.chektbridge.daemon.journal;

import io.chektbridge.sia.AlarmEvent;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The binary form of a {@link JournalRecord} in the segment log: fixed-order fields, strings as
 * length-prefixed UTF-8 (length -1 for null), instants as epoch second and nano. Version byte
 * first, so a later release can read what this one wrote.
 *
 * <p>The decoded events are stored, not re-derived from the raw frame at replay: decoding depends
 * on keys and time windows that may have changed since, and a frame that was acknowledged must
 * replay as what it was.
 */
public final class JournalRecordCodec {
  private static final byte VERSION = 1;

  /** Stored raw bytes are capped like the database column. */
  static final int MAX_RAW = 8192;

  private static final AlarmEvent.PayloadFormat[] FORMATS = AlarmEvent.PayloadFormat.values();

  private JournalRecordCodec() {}

  /** Encodes {@code record} into {@code out} (cleared first) and returns it flipped for reading. */
  public static ByteBuffer encode(JournalRecord record, ByteBuffer out) {
    InboundMessage m = record.message();
    ByteBuffer b = out.clear().order(ByteOrder.LITTLE_ENDIAN);
    b.put(VERSION).putLong(record.messageId()).putLong(record.firstEventId());
    putInstant(b, m.receivedAt());
    putString(b, m.link());
    putString(b, m.peer());
    putString(b, m.account());
    byte[] raw = m.raw().length > MAX_RAW ? Arrays.copyOf(m.raw(), MAX_RAW) : m.raw();
    b.putInt(raw.length).put(raw);
    putString(b, m.dedupKey());
    putString(b, m.error());
    b.putShort((short) m.events().size());
    for (AlarmEvent e : m.events()) {
      putEvent(b, e);
    }
    return b.flip();
  }

  /** The most an encoded record can take, for sizing the buffer {@link #encode} writes into. */
  public static int maxSize(InboundMessage m) {
    int size =
        64
            + Math.min(m.raw().length, MAX_RAW)
            + utf8Bound(m.link())
            + utf8Bound(m.peer())
            + utf8Bound(m.account())
            + utf8Bound(m.dedupKey())
            + utf8Bound(m.error());
    for (AlarmEvent e : m.events()) {
      size +=
          64
              + utf8Bound(e.account())
              + utf8Bound(e.cidCode())
              + utf8Bound(e.siaCode())
              + utf8Bound(e.text())
              + utf8Bound(e.description())
              + utf8Bound(e.category());
      for (String url : e.videoUrls()) {
        size += utf8Bound(url);
      }
    }
    return size;
  }

  private static int utf8Bound(String s) {
    return 4 + (s == null ? 0 : s.length() * 3);
  }

  /**
   * Decodes what {@link #encode} wrote; a record it cannot read is an error, never silently
   * skipped.
   */
  public static JournalRecord decode(ByteBuffer in) {
    ByteBuffer b = in.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    try {
      byte version = b.get();
      if (version != VERSION) {
        throw new IllegalArgumentException(
            "journal record of version " + version + ", this release reads " + VERSION);
      }
      long messageId = b.getLong();
      long firstEventId = b.getLong();
      Instant receivedAt = getInstant(b);
      String link = getString(b);
      String peer = getString(b);
      String account = getString(b);
      byte[] raw = new byte[b.getInt()];
      b.get(raw);
      String dedupKey = getString(b);
      String error = getString(b);
      int count = b.getShort();
      List<AlarmEvent> events = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        events.add(getEvent(b));
      }
      return new JournalRecord(
          messageId,
          firstEventId,
          new InboundMessage(receivedAt, link, peer, account, raw, dedupKey, error, events));
    } catch (BufferUnderflowException | NegativeArraySizeException e) {
      throw new IllegalArgumentException("journal record cut short", e);
    }
  }

  private static void putEvent(ByteBuffer b, AlarmEvent e) {
    putString(b, e.account());
    b.put((byte) e.format().ordinal());
    b.put((byte) e.qualifier().letter());
    putString(b, e.cidCode());
    putString(b, e.siaCode());
    putInteger(b, e.partition());
    putInteger(b, e.zone());
    putInteger(b, e.user());
    putString(b, e.text());
    b.put((byte) (e.panelTime() == null ? 0 : 1));
    if (e.panelTime() != null) {
      putInstant(b, e.panelTime());
    }
    b.putShort((short) e.videoUrls().size());
    e.videoUrls().forEach(url -> putString(b, url));
    putString(b, e.description());
    putString(b, e.category());
  }

  private static AlarmEvent getEvent(ByteBuffer b) {
    String account = getString(b);
    AlarmEvent.PayloadFormat format = FORMATS[b.get()];
    AlarmEvent.Qualifier qualifier = qualifier((char) b.get());
    String cid = getString(b);
    String sia = getString(b);
    Integer partition = getInteger(b);
    Integer zone = getInteger(b);
    Integer user = getInteger(b);
    String text = getString(b);
    Instant panelTime = b.get() == 0 ? null : getInstant(b);
    int urls = b.getShort();
    List<String> videoUrls = new ArrayList<>(urls);
    for (int i = 0; i < urls; i++) {
      videoUrls.add(getString(b));
    }
    String description = getString(b);
    String category = getString(b);
    return new AlarmEvent(
        account,
        format,
        qualifier,
        cid,
        sia,
        partition,
        zone,
        user,
        text,
        panelTime,
        videoUrls,
        description,
        category);
  }

  private static AlarmEvent.Qualifier qualifier(char letter) {
    for (AlarmEvent.Qualifier q : AlarmEvent.Qualifier.values()) {
      if (q.letter() == letter) {
        return q;
      }
    }
    throw new IllegalArgumentException("journal record with qualifier " + letter);
  }

  private static void putInstant(ByteBuffer b, Instant t) {
    b.putLong(t.getEpochSecond()).putInt(t.getNano());
  }

  private static Instant getInstant(ByteBuffer b) {
    return Instant.ofEpochSecond(b.getLong(), b.getInt());
  }

  private static void putInteger(ByteBuffer b, Integer v) {
    b.put((byte) (v == null ? 0 : 1));
    if (v != null) {
      b.putInt(v);
    }
  }

  private static Integer getInteger(ByteBuffer b) {
    return b.get() == 0 ? null : b.getInt();
  }

  private static void putString(ByteBuffer b, String s) {
    if (s == null) {
      b.putInt(-1);
      return;
    }
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    b.putInt(bytes.length).put(bytes);
  }

  private static String getString(ByteBuffer b) {
    int length = b.getInt();
    if (length < 0) {
      return null;
    }
    byte[] bytes = new byte[length];
    b.get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
