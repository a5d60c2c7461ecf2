package io.chektbridge.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chektbridge.sia.Dc09Answer;
import io.chektbridge.sia.Dc09Decoder;
import io.chektbridge.sia.Dc09Encoder;
import io.chektbridge.sia.Dc09Exception;
import io.chektbridge.sia.Dc09ExtendedData;
import io.chektbridge.sia.Dc09Framer;
import io.chektbridge.sia.Dc09Token;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The load generator of the receiver rows: {@code connections} panels on TCP, each sending its next
 * frame only after the answer to the one before (lock-step, as a panel does), all driven by one
 * selector thread. The generator shares the 2 cores with the daemon, so what it costs is taken from
 * the receiver's figures: {@code send-test} runs a blocking thread per connection and spent about
 * 110 µs of CPU per frame at 50 connections, as much as the daemon itself; this one reports its own
 * CPU per frame beside the result, so the row says what the load cost.
 *
 * <p>Every frame is distinct (a run id, the connection and the frame number in its text), so the
 * receiver stores each one and none is taken for a retransmission.
 */
final class LockStepPanels {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DATA = "Nri1/RP";

  private final int port;
  private final String account;
  private final byte[] key;
  private final int count;
  private final Duration timeout;
  private final String runId = String.format("%06x", new SecureRandom().nextInt(1 << 24));
  private final ByteBuffer readBuffer = ByteBuffer.allocate(64 * 1024);
  private final List<String> errors = new ArrayList<>();
  private long acked;
  private long naked;
  private long duh;

  /**
   * @param key the account's AES key, or {@code null} for plain frames
   * @param count frames per connection
   * @param timeout how long an answer is waited for before the run gives up on what is unanswered
   */
  LockStepPanels(int port, String account, byte[] key, int count, Duration timeout) {
    this.port = port;
    this.account = account;
    this.key = key;
    this.count = count;
    this.timeout = timeout;
  }

  /** One run over fresh connections; its result in the JSON shape {@code send-test} prints. */
  ObjectNode run(int connections) throws IOException {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    try (Selector selector = Selector.open()) {
      List<Panel> panels = new ArrayList<>();
      for (int c = 0; c < connections; c++) {
        panels.add(new Panel(c, selector));
      }
      long cpuAtStart = threads.getCurrentThreadCpuTime();
      long started = System.nanoTime();
      for (Panel p : panels) {
        p.sendNext();
      }
      loop(selector, connections);
      long elapsed = System.nanoTime() - started;
      long cpu = threads.getCurrentThreadCpuTime() - cpuAtStart;
      long sent = 0;
      long unanswered = 0;
      List<long[]> latencies = new ArrayList<>();
      for (Panel p : panels) {
        sent += p.sent;
        unanswered += p.inFlight() ? 1 : 0;
        latencies.add(Arrays.copyOf(p.latencies, p.answered));
        p.channel.close();
      }
      long[] all = latencies.stream().flatMapToLong(Arrays::stream).toArray();
      return result(sent, unanswered, elapsed, cpu, all);
    }
  }

  private void loop(Selector selector, int connections) throws IOException {
    int finished = 0;
    while (finished < connections) {
      if (selector.select(timeout.toMillis()) == 0) {
        errors.add(
            "no answer within " + timeout + "; " + (connections - finished) + " panels left");
        return;
      }
      for (SelectionKey k : selector.selectedKeys()) {
        Panel p = (Panel) k.attachment();
        if (!p.read()) {
          k.cancel();
          finished++;
        }
      }
      selector.selectedKeys().clear();
    }
  }

  private ObjectNode result(long sent, long unanswered, long elapsedNanos, long cpu, long[] all) {
    ObjectNode out = JSON.createObjectNode();
    out.put("generator", "lock-step panels, one selector thread");
    out.put("sent", sent);
    out.put("acked", acked);
    out.put("naked", naked);
    out.put("duh", duh);
    out.put("unanswered", unanswered);
    out.put("elapsed_s", elapsedNanos / 1e9);
    out.put("acks_per_s", Math.round(acked * 1e9 / elapsedNanos));
    out.set("latency_ms", JSON.valueToTree(Percentiles.of(Arrays.stream(all)).toJson()));
    out.put("generator_cpu_us_per_frame", sent == 0 ? 0 : Math.round(cpu / 1e3 / sent * 10) / 10.0);
    out.set("errors", JSON.valueToTree(errors));
    return out;
  }

  /** One panel: its connection, the frame in flight and the answers' latencies. */
  private final class Panel implements Dc09Framer.Sink {
    private final int index;
    private final SocketChannel channel;
    private final Dc09Framer framer = new Dc09Framer(Dc09Framer.LONGEST_FRAME);
    private final long[] latencies = new long[count];
    private String sequence;
    private long sentAt;
    private int sent;
    private int answered;

    Panel(int index, Selector selector) throws IOException {
      this.index = index;
      channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      channel.configureBlocking(false);
      channel.register(selector, SelectionKey.OP_READ, this);
    }

    boolean inFlight() {
      return sent > answered;
    }

    /** Reads what arrived; false once this panel is done or its connection ended. */
    boolean read() throws IOException {
      readBuffer.clear();
      int n = channel.read(readBuffer);
      if (n < 0) {
        errors.add(
            "connection " + index + ": the receiver closed it after " + answered + " answers");
        return false;
      }
      framer.feed(readBuffer.array(), 0, n, this);
      return answered < count;
    }

    @Override
    public void frame(byte[] frame) {
      long now = System.nanoTime();
      Dc09Answer answer;
      try {
        answer = Dc09Decoder.decodeResponse(frame, 0, frame.length, key);
      } catch (Dc09Exception e) {
        errors.add("connection " + index + ": unreadable answer: " + e.getMessage());
        return;
      }
      boolean forUs = answer.sequence().equals(sequence) || answer.token() == Dc09Token.NAK;
      if (!inFlight() || !forUs) {
        return;
      }
      latencies[answered++] = now - sentAt;
      switch (answer.token()) {
        case ACK -> acked++;
        case NAK -> naked++;
        default -> duh++;
      }
      sendNext();
    }

    @Override
    public void tooLong(int bytes) {
      errors.add("connection " + index + ": an answer of " + bytes + " bytes without its CR");
    }

    @Override
    public void junk(int bytes) {
      errors.add("connection " + index + ": " + bytes + " bytes of junk between answers");
    }

    void sendNext() {
      if (sent == count) {
        return;
      }
      sequence = sequence(index, sent);
      ByteBuffer frame = ByteBuffer.wrap(frame());
      sentAt = System.nanoTime();
      try {
        // a frame of ~100 bytes always fits an empty socket buffer: lock-step leaves it empty
        channel.write(frame);
      } catch (IOException e) {
        errors.add("connection " + index + ": " + e.getMessage());
        return;
      }
      if (frame.hasRemaining()) {
        errors.add("connection " + index + ": the socket took only part of a frame");
      }
      sent++;
    }

    private byte[] frame() {
      String text = "chekt-bridge bench " + runId + " " + index + "/" + sent;
      return Dc09Encoder.encode(
          Dc09Token.SIA_DCS,
          sequence,
          null,
          "0",
          account,
          "#" + account + "|" + DATA,
          List.of(new Dc09ExtendedData('I', text)),
          Instant.now(),
          key);
    }
  }

  /** 0001..9999, different between neighbouring connections. */
  static String sequence(int connection, int i) {
    int n = 1 + (connection * 7919 + i) % 9999;
    String digits = Integer.toString(n);
    return "0000".substring(digits.length()) + digits;
  }
}
