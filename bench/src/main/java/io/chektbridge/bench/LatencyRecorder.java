package io.chektbridge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.LongStream;

/**
 * Follows each bench event by its marker (the zone number the panel reports, which the daemon sends
 * on as {@code zone.number}) from the frame's write, to the receiver's ACK, to its arrival at the
 * cloud. All times are {@link System#nanoTime} of this one process, so the panel side and the cloud
 * side share a clock. Thread-safe: panel readers and writers and the cloud's threads all report
 * here.
 */
final class LatencyRecorder implements CloudStandIn.Arrivals {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<Integer, Long> sentAt = new ConcurrentHashMap<>();
  private final Map<Integer, Long> ackedAt = new ConcurrentHashMap<>();
  private final Map<Integer, Long> firstArrival = new ConcurrentHashMap<>();
  private final Map<Integer, Integer> arrivals = new ConcurrentHashMap<>();
  private final Set<Integer> naked = ConcurrentHashMap.newKeySet();
  private final LongAdder unmatched = new LongAdder();

  /**
   * Call before the frame is written, so a fast cloud can never see the event before it was "sent".
   */
  void sent(int marker, long nanos) {
    sentAt.put(marker, nanos);
  }

  void acked(int marker, long nanos) {
    ackedAt.put(marker, nanos);
  }

  /** The receiver answered NAK or DUH: not stored, the panel would resend. */
  void refused(int marker) {
    naked.add(marker);
  }

  @Override
  public void arrived(long nanos, byte[] body) {
    Integer marker = marker(body);
    if (marker == null || !sentAt.containsKey(marker)) {
      if (unmatched.sum() == 0) {
        System.err.println(
            "The cloud got an event no bench frame caused: "
                + new String(body, StandardCharsets.UTF_8));
      }
      unmatched.increment();
      return;
    }
    firstArrival.putIfAbsent(marker, nanos);
    arrivals.merge(marker, 1, Integer::sum);
  }

  /** Events at the cloud that no bench frame caused (or whose body had no zone number). */
  long unmatched() {
    return unmatched.sum();
  }

  /** Whether every ACKed event in {@code markers} has reached the cloud. */
  boolean allDelivered(MarkerRange markers) {
    return ackedAt.keySet().stream().filter(markers::contains).allMatch(firstArrival::containsKey);
  }

  /** Frames of {@code markers} the receiver has answered, with an ACK or otherwise. */
  long answered(MarkerRange markers) {
    return count(ackedAt.keySet(), markers) + count(naked, markers);
  }

  /** Counts and latency percentiles of the events in {@code markers}. */
  Map<String, Object> summary(MarkerRange markers) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("sent", count(sentAt.keySet(), markers));
    m.put("acked", count(ackedAt.keySet(), markers));
    m.put("naked", count(naked, markers));
    m.put("unanswered", count(sentAt.keySet(), markers) - answered(markers));
    m.put("delivered", count(firstArrival.keySet(), markers));
    m.put(
        "missing",
        ackedAt.keySet().stream()
            .filter(markers::contains)
            .filter(k -> !firstArrival.containsKey(k))
            .count());
    m.put(
        "doubled",
        arrivals.entrySet().stream()
            .filter(e -> markers.contains(e.getKey()) && e.getValue() > 1)
            .count());
    m.put("ack_latency_ms", Percentiles.of(since(ackedAt, markers)).toJson());
    m.put("frame_to_cloud_ms", Percentiles.of(since(firstArrival, markers)).toJson());
    return m;
  }

  private static long count(Set<Integer> keys, MarkerRange markers) {
    return keys.stream().filter(markers::contains).count();
  }

  /** {@code later[marker] − sentAt[marker]} for every marker in range that has both. */
  private LongStream since(Map<Integer, Long> later, MarkerRange markers) {
    return later.entrySet().stream()
        .filter(e -> markers.contains(e.getKey()))
        .mapToLong(e -> e.getValue() - sentAt.get(e.getKey()));
  }

  private static Integer marker(byte[] body) {
    try {
      JsonNode number = JSON.readTree(body).path("zone").path("number");
      return number.canConvertToInt() ? number.asInt() : null;
    } catch (IOException e) {
      return null;
    }
  }

  /** Markers {@code [first, first + count)}: one load step's events. */
  record MarkerRange(int first, int count) {
    boolean contains(int marker) {
      return marker >= first && marker < first + count;
    }
  }
}
