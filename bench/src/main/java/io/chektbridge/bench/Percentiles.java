package io.chektbridge.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.LongStream;

/** Nearest-rank percentiles of a set of durations in nanoseconds, reported in milliseconds. */
record Percentiles(long count, double p50, double p99, double p999, double max) {
  static Percentiles of(LongStream nanos) {
    long[] sorted = nanos.sorted().toArray();
    if (sorted.length == 0) {
      return new Percentiles(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }
    return new Percentiles(sorted.length, rank(sorted, 50), rank(sorted, 99), rank(sorted, 99.9),
        sorted[sorted.length - 1] / 1e6);
  }

  private static double rank(long[] sorted, double p) {
    int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(i, sorted.length - 1))] / 1e6;
  }

  /** {@code {n, p50, p99, p999, max}} in ms to two decimals; an empty set gives nulls, not NaN. */
  Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("n", count);
    m.put("p50", ms(p50));
    m.put("p99", ms(p99));
    m.put("p999", ms(p999));
    m.put("max", ms(max));
    return m;
  }

  private static Double ms(double v) {
    return Double.isNaN(v) ? null : Math.round(v * 100) / 100.0;
  }
}
