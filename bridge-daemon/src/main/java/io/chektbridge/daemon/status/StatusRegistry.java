package io.chektbridge.daemon.status;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Where components publish what the status port shows: named sections of {@code GET /status} (each
 * a supplier of an immutable snapshot, serialized to JSON) and the conditions of {@code /readyz}.
 * Components register at start; the server only reads.
 */
public final class StatusRegistry {
  private final Map<String, Supplier<?>> sections = new ConcurrentHashMap<>();
  private final Map<String, BooleanSupplier> readiness = new ConcurrentHashMap<>();
  private final Map<String, String> order = new LinkedHashMap<>();

  /** Adds or replaces a {@code /status} section, e.g. "partitions", "links", "outbox", "cloud". */
  public void section(String name, Supplier<?> snapshot) {
    synchronized (order) {
      order.putIfAbsent(name, name);
    }
    sections.put(name, snapshot);
  }

  /** Adds a readiness condition, e.g. "storage" or "dc09-receiver"; all must hold for 200. */
  public void readiness(String name, BooleanSupplier ready) {
    readiness.put(name, ready);
  }

  /** The sections in registration order, each evaluated now. */
  public Map<String, Object> snapshot() {
    Map<String, Object> out = new LinkedHashMap<>();
    synchronized (order) {
      for (String name : order.keySet()) {
        Supplier<?> s = sections.get(name);
        if (s != null) {
          out.put(name, s.get());
        }
      }
    }
    return out;
  }

  /** One section evaluated now, or null when no component registered it (yet). */
  public Object section(String name) {
    Supplier<?> s = sections.get(name);
    return s == null ? null : s.get();
  }

  /** The names of readiness conditions that do not hold now; empty when ready. */
  public java.util.List<String> notReady() {
    return readiness.entrySet().stream()
        .filter(e -> !e.getValue().getAsBoolean())
        .map(Map.Entry::getKey)
        .sorted()
        .toList();
  }
}
