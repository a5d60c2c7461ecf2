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
    return new Percentiles(
        sorted.length,
        rank(sorted, 500),
        rank(sorted, 990),
        rank(sorted, 999),
        sorted[sorted.length - 1] / 1e6);
  }

  /**
   * The ⌈n·p⌉-th smallest, worked in integer per-mille: in doubles 99.9 / 100 · 1000 comes out a
   * hair above 999 and its ceiling would pick the 1000th.
   */
  private static double rank(long[] sorted, long perMille) {
    long nth = (perMille * sorted.length + 999) / 1000;
    return sorted[(int) Math.max(0, nth - 1)] / 1e6;
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
