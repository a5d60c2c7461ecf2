package io.chektbridge.daemon.ops;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * The daemon's counters, gauges and latency histograms, rendered in the Prometheus text format on
 * {@code GET /metrics}. Counters are lock-free so the frame → ACK path can count without
 * contention. Names follow Prometheus conventions: {@code chekt_bridge_<what>_total} for counters,
 * base units in the name ({@code _seconds}, {@code _bytes}); JVM and process metrics use the names
 * Prometheus' own client libraries use ({@code jvm_*}, {@code process_*}), so stock dashboards
 * work.
 */
public final class Metrics {
  private final Map<String, Family> families = new ConcurrentHashMap<>();

  /** A counter identified by name and an optional label set written {@code key="value",...}. */
  public LongAdder counter(String name, String help, String labels) {
    Family f = families.computeIfAbsent(name, n -> new Family(n, help, "counter"));
    return (LongAdder) f.series.computeIfAbsent(labels == null ? "" : labels, l -> new LongAdder());
  }

  public LongAdder counter(String name, String help) {
    return counter(name, help, "");
  }

  /** A gauge read when metrics are rendered. */
  public void gauge(String name, String help, String labels, DoubleSupplier value) {
    Family f = families.computeIfAbsent(name, n -> new Family(n, help, "gauge"));
    f.series.put(labels == null ? "" : labels, value);
  }

  /**
   * A counter whose value is read when metrics are rendered (CPU seconds, GC time kept by the JVM).
   */
  public void counter(String name, String help, String labels, DoubleSupplier value) {
    Family f = families.computeIfAbsent(name, n -> new Family(n, help, "counter"));
    f.series.put(labels == null ? "" : labels, value);
  }

  /**
   * A gauge whose label sets are known only when rendered, e.g. one series per active alert: the
   * supplier maps each label set ({@code alert="SYNC_LATE"}) to its value.
   */
  public void gauges(String name, String help, Supplier<Map<String, Double>> series) {
    Family f = families.computeIfAbsent(name, n -> new Family(n, help, "gauge"));
    f.series.put("", new LabelledGauges(series));
  }

  /** A latency histogram in seconds with fixed buckets from 0.5 ms to 10 s. */
  public Histogram histogram(String name, String help) {
    Family f = families.computeIfAbsent(name, n -> new Family(n, help, "histogram"));
    return (Histogram) f.series.computeIfAbsent("", l -> new Histogram());
  }

  /** The Prometheus text exposition (version 0.0.4), families sorted by name. */
  public String render() {
    StringBuilder out = new StringBuilder(4096);
    for (Family f : new TreeMap<>(families).values()) {
      out.append("# HELP ").append(f.name).append(' ').append(f.help).append('\n');
      out.append("# TYPE ").append(f.name).append(' ').append(f.type).append('\n');
      for (Map.Entry<String, Object> s : new TreeMap<>(f.series).entrySet()) {
        if (s.getValue() instanceof LabelledGauges g) {
          new TreeMap<>(g.series().get())
              .forEach((labels, value) -> sample(out, f.name, labels, value));
        } else {
          renderSeries(out, f.name, s.getKey(), s.getValue());
        }
      }
    }
    return out.toString();
  }

  private static void renderSeries(StringBuilder out, String name, String labels, Object series) {
    if (series instanceof LongAdder c) {
      sample(out, name, labels, c.sum());
    } else if (series instanceof DoubleSupplier g) {
      sample(out, name, labels, g.getAsDouble());
    } else if (series instanceof Histogram h) {
      h.render(out, name);
    }
  }

  static void sample(StringBuilder out, String name, String labels, double value) {
    out.append(name);
    if (!labels.isEmpty()) {
      out.append('{').append(labels).append('}');
    }
    out.append(' ');
    if (value == Math.rint(value) && !Double.isInfinite(value) && Math.abs(value) < 1e15) {
      out.append((long) value);
    } else {
      out.append(value);
    }
    out.append('\n');
  }

  /** Escapes a label value per the text format. */
  public static String label(String key, String value) {
    return key
        + "=\""
        + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")
        + "\"";
  }

  private record LabelledGauges(Supplier<Map<String, Double>> series) {}

  private static final class Family {
    final String name;
    final String help;
    final String type;
    final Map<String, Object> series = new ConcurrentHashMap<>();

    Family(String name, String help, String type) {
      this.name = name;
      this.help = help;
      this.type = type;
    }
  }

  /** Cumulative buckets, as Prometheus expects; lock-free observation. */
  public static final class Histogram {
    private static final double[] BOUNDS = {
      0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10
    };
    private final LongAdder[] buckets = new LongAdder[BOUNDS.length];
    private final LongAdder count = new LongAdder();
    private final java.util.concurrent.atomic.DoubleAdder sum =
        new java.util.concurrent.atomic.DoubleAdder();

    Histogram() {
      for (int i = 0; i < buckets.length; i++) {
        buckets[i] = new LongAdder();
      }
    }

    public void observeNanos(long nanos) {
      double seconds = nanos / 1e9;
      for (int i = 0; i < BOUNDS.length; i++) {
        if (seconds <= BOUNDS[i]) {
          buckets[i].increment();
          break;
        }
      }
      count.increment();
      sum.add(seconds);
    }

    void render(StringBuilder out, String name) {
      long cumulative = 0;
      for (int i = 0; i < BOUNDS.length; i++) {
        cumulative += buckets[i].sum();
        sample(out, name + "_bucket", "le=\"" + BOUNDS[i] + "\"", cumulative);
      }
      sample(out, name + "_bucket", "le=\"+Inf\"", count.sum());
      sample(out, name + "_sum", "", sum.sum());
      sample(out, name + "_count", "", count.sum());
    }
  }
}
