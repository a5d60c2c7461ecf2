package io.chektbridge.daemon.cli;

import io.chektbridge.sia.Dc09Answer;
import io.chektbridge.sia.Dc09Decoder;
import io.chektbridge.sia.Dc09Encoder;
import io.chektbridge.sia.Dc09Exception;
import io.chektbridge.sia.Dc09ExtendedData;
import io.chektbridge.sia.Dc09FrameInput;
import io.chektbridge.sia.Dc09Token;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * The sending side of {@code send-test}: one thread per connection, a window of frames in flight,
 * answers matched by sequence number, latency measured from the write of a frame to its answer.
 */
final class SendTestRun {
  /** What to send. {@code rate} 0 = as fast as the receiver answers. */
  record Plan(
      String host,
      int port,
      boolean udp,
      String account,
      byte[] key,
      Dc09Token token,
      String data,
      int count,
      int connections,
      int window,
      int rate,
      Duration timeout) {}

  /** Counts and latencies of a finished run. */
  record Result(
      long sent,
      long acked,
      long naked,
      long duh,
      long unanswered,
      Duration elapsed,
      long[] latenciesNanos,
      List<String> errors) {
    double framesPerSecond() {
      return elapsed.isZero() ? 0 : acked * 1e9 / elapsed.toNanos();
    }

    /**
     * Nearest rank, in integer per-mille: {@code ceil(99.9 / 100 * 1000)} in doubles is 1000, the
     * maximum.
     */
    double percentileMillis(int perMille) {
      if (latenciesNanos.length == 0) {
        return Double.NaN;
      }
      long rank = ((long) perMille * latenciesNanos.length + 999) / 1000;
      int i = (int) Math.max(0, Math.min(rank - 1, latenciesNanos.length - 1));
      return latenciesNanos[i] / 1e6;
    }

    Map<String, Object> toJson() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("sent", sent);
      m.put("acked", acked);
      m.put("naked", naked);
      m.put("duh", duh);
      m.put("unanswered", unanswered);
      m.put("elapsed_s", elapsed.toNanos() / 1e9);
      m.put("acks_per_s", Math.round(framesPerSecond()));
      m.put(
          "latency_ms",
          Map.of(
              "p50",
              percentileMillis(500),
              "p99",
              percentileMillis(990),
              "p999",
              percentileMillis(999),
              "max",
              percentileMillis(1000)));
      m.put("errors", errors);
      return m;
    }

    String summary() {
      return String.format(
          "%d sent, %d ACK, %d NAK, %d DUH, %d unanswered in %.2f s: %.0f ACK/s; "
              + "ACK latency p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms%s",
          sent,
          acked,
          naked,
          duh,
          unanswered,
          elapsed.toNanos() / 1e9,
          framesPerSecond(),
          percentileMillis(500),
          percentileMillis(990),
          percentileMillis(999),
          errors.isEmpty() ? "" : "\nerrors: " + String.join("; ", errors));
    }
  }

  private final Plan plan;
  private final Consumer<String> perFrame;
  private final LongAdder sent = new LongAdder();
  private final LongAdder acked = new LongAdder();
  private final LongAdder naked = new LongAdder();
  private final LongAdder duh = new LongAdder();
  private final LongAdder unanswered = new LongAdder();
  private final List<long[]> latencies = new ArrayList<>();
  private final List<String> errors = java.util.Collections.synchronizedList(new ArrayList<>());
  private final AtomicLong nextSendNanos = new AtomicLong();

  /**
   * Marks this run's frames: a receiver stores a repeat of account + sequence + content once, so
   * without it a second run (or a sequence number reused by many connections) would only measure
   * retransmission handling, and an installer could not tell test frames from the panel's.
   */
  private final String runId =
      String.format("%06x", new java.security.SecureRandom().nextInt(1 << 24));

  SendTestRun(Plan plan, Consumer<String> perFrame) {
    this.plan = plan;
    this.perFrame = perFrame;
  }

  Result run() throws InterruptedException {
    List<Thread> threads = new ArrayList<>();
    long started = System.nanoTime();
    nextSendNanos.set(started);
    for (int c = 0; c < plan.connections(); c++) {
      long[] lat = new long[plan.count()];
      Arrays.fill(lat, -1);
      latencies.add(lat);
      int connection = c;
      Thread t = new Thread(() -> connection(connection, lat), "send-test-" + c);
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
    long[] all =
        latencies.stream().flatMapToLong(Arrays::stream).filter(x -> x >= 0).sorted().toArray();
    return new Result(
        sent.sum(),
        acked.sum(),
        naked.sum(),
        duh.sum(),
        unanswered.sum(),
        elapsed,
        all,
        List.copyOf(errors));
  }

  private void connection(int connection, long[] lat) {
    try {
      if (plan.udp()) {
        udp(connection, lat);
      } else {
        tcp(connection, lat);
      }
    } catch (IOException e) {
      errors.add("connection " + connection + ": " + e.getMessage());
    }
  }

  private void tcp(int connection, long[] lat) throws IOException {
    try (Socket s = new Socket()) {
      s.setTcpNoDelay(true);
      s.connect(new InetSocketAddress(plan.host(), plan.port()), (int) plan.timeout().toMillis());
      s.setSoTimeout((int) plan.timeout().toMillis());
      OutputStream out = s.getOutputStream();
      Dc09FrameInput answers = new Dc09FrameInput(new BufferedInputStream(s.getInputStream()));
      Map<String, Long> inFlight = new ConcurrentHashMap<>();
      int nextToSend = 0;
      int answered = 0;
      while (answered < plan.count()) {
        while (nextToSend < plan.count() && inFlight.size() < plan.window()) {
          String seq = sequence(connection, nextToSend);
          byte[] frame = frame(seq, connection, nextToSend);
          pace();
          inFlight.put(seq, System.nanoTime());
          out.write(frame);
          sent.increment();
          nextToSend++;
        }
        out.flush();
        byte[] a;
        try {
          a = answers.next();
        } catch (SocketTimeoutException e) {
          unanswered.add(inFlight.size());
          errors.add(
              "connection "
                  + connection
                  + ": no answer within "
                  + plan.timeout()
                  + " for "
                  + inFlight.size()
                  + " frames");
          return;
        }
        if (a == null) {
          unanswered.add(inFlight.size() + plan.count() - nextToSend);
          errors.add("connection " + connection + ": receiver closed the connection");
          return;
        }
        answered += record(a, inFlight, lat, answered);
      }
    }
  }

  private void udp(int connection, long[] lat) throws IOException {
    try (DatagramSocket s = new DatagramSocket()) {
      s.setSoTimeout((int) plan.timeout().toMillis());
      InetSocketAddress target = new InetSocketAddress(plan.host(), plan.port());
      byte[] buf = new byte[4096];
      for (int i = 0; i < plan.count(); i++) {
        String seq = sequence(connection, i);
        byte[] frame = frame(seq, connection, i);
        pace();
        Map<String, Long> inFlight = new ConcurrentHashMap<>();
        inFlight.put(seq, System.nanoTime());
        s.send(new DatagramPacket(frame, frame.length, target));
        sent.increment();
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        try {
          s.receive(p);
          record(Arrays.copyOf(p.getData(), p.getLength()), inFlight, lat, i);
        } catch (SocketTimeoutException e) {
          unanswered.increment();
          perFrame.accept("frame " + seq + ": no answer within " + plan.timeout());
        }
      }
    }
  }

  /** Matches one answer to its frame; returns how many frames it settled (0 for a stray answer). */
  private int record(byte[] a, Map<String, Long> inFlight, long[] lat, int index) {
    long now = System.nanoTime();
    Dc09Answer answer;
    try {
      answer = Dc09Decoder.decodeResponse(a, 0, a.length, plan.key());
    } catch (Dc09Exception e) {
      errors.add("unreadable answer: " + e.getMessage());
      return 0;
    }
    Long at = inFlight.remove(answer.sequence());
    if (at == null && answer.token() == Dc09Token.NAK && !inFlight.isEmpty()) {
      // a NAK carries sequence 0000: it answers the oldest frame in flight
      String oldest = inFlight.keySet().stream().sorted().findFirst().orElseThrow();
      at = inFlight.remove(oldest);
    }
    if (at == null) {
      return 0;
    }
    lat[Math.min(index, lat.length - 1)] = now - at;
    switch (answer.token()) {
      case ACK -> acked.increment();
      case NAK -> naked.increment();
      default -> duh.increment();
    }
    perFrame.accept(
        String.format(
            "frame %s: %s%s in %.2f ms",
            answer.sequence(),
            answer.encrypted() ? "*" : "",
            answer.token().wire(),
            (now - at) / 1e6));
    return 1;
  }

  private byte[] frame(String seq, int connection, int i) {
    Instant now = Instant.now();
    boolean isNull = plan.token() == Dc09Token.NULL;
    String payload = isNull ? "" : "#" + plan.account() + "|" + plan.data();
    List<Dc09ExtendedData> text =
        isNull
            ? List.of()
            : List.of(
                new Dc09ExtendedData(
                    'I', "chekt-bridge send-test " + runId + " " + connection + "/" + i));
    return Dc09Encoder.encode(
        plan.token(),
        seq,
        null,
        "0",
        plan.account(),
        payload,
        text,
        plan.key() != null || plan.token() != Dc09Token.NULL ? now : null,
        plan.key());
  }

  /** Sequence numbers 0001..9999, distinct per connection so a window's answers can be matched. */
  private static String sequence(int connection, int i) {
    return String.format("%04d", 1 + (connection * 7919 + i) % 9999);
  }

  /** Holds to {@code rate} frames/s over all connections. */
  private void pace() {
    if (plan.rate() <= 0) {
      return;
    }
    long interval = 1_000_000_000L / plan.rate();
    long slot = nextSendNanos.getAndAdd(interval);
    long wait = slot - System.nanoTime();
    if (wait > 0) {
      java.util.concurrent.locks.LockSupport.parkNanos(wait);
    }
  }
}
