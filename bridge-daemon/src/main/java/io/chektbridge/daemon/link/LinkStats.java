package io.chektbridge.daemon.link;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Per link and account counters for the {@code links} section of {@code /status}: when the panel
 * last spoke, how many messages came, and how they were answered.
 */
public final class LinkStats {
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();

  /** The counters of one (kind, account), created on first use. */
  public Entry of(String kind, String account) {
    return entries.computeIfAbsent(kind + "|" + account, k -> new Entry(kind, account));
  }

  /**
   * The {@code links} section: one object per (kind, account), in first-seen order by kind and
   * account.
   */
  public List<Map<String, Object>> snapshot() {
    List<Map<String, Object>> out = new ArrayList<>();
    entries.values().stream()
        .sorted((a, b) -> (a.kind + a.account).compareTo(b.kind + b.account))
        .forEach(e -> out.add(e.toJson()));
    return out;
  }

  /** Counters of one panel account on one link kind. */
  public static final class Entry {
    private final String kind;
    private final String account;
    private volatile Instant lastMessage;
    private final LongAdder frames = new LongAdder();
    private final LongAdder acked = new LongAdder();
    private final LongAdder naked = new LongAdder();
    private final LongAdder refused = new LongAdder();

    Entry(String kind, String account) {
      this.kind = kind;
      this.account = account;
    }

    public void received(Instant at) {
      lastMessage = at;
      frames.increment();
    }

    public void acked() {
      acked.increment();
    }

    public void naked() {
      naked.increment();
    }

    /** Not answered, or answered DUH: nothing stored or the journal refused. */
    public void refused() {
      refused.increment();
    }

    public Instant lastMessage() {
      return lastMessage;
    }

    Map<String, Object> toJson() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("kind", kind);
      m.put("account", account);
      m.put("last_message", lastMessage == null ? null : lastMessage.toString());
      m.put("frames", frames.sum());
      m.put("acked", acked.sum());
      m.put("naked", naked.sum());
      m.put("refused", refused.sum());
      return m;
    }
  }
}
