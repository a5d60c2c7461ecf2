package io.chektbridge.bench;

import io.chektbridge.sia.Dc09Answer;
import io.chektbridge.sia.Dc09Decoder;
import io.chektbridge.sia.Dc09Encoder;
import io.chektbridge.sia.Dc09Exception;
import io.chektbridge.sia.Dc09FrameInput;
import io.chektbridge.sia.Dc09Token;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * Panels on TCP connections sending burglary alarms at a steady pace, open loop: each frame goes at
 * its scheduled time whether or not the one before was answered, as real events arrive, so a slow
 * receiver shows up as latency instead of a slower sender. Frame {@code k} of the step (over all
 * connections) is due at {@code k / rate} seconds and reports zone {@code firstMarker + k}, which
 * is how the {@link LatencyRecorder} finds it again at the cloud.
 */
final class PacedPanels {
  private static final String ACCOUNT = "7000";

  private final int port;
  private final int connections;
  private final LatencyRecorder recorder;

  PacedPanels(int port, int connections, LatencyRecorder recorder) {
    this.port = port;
    this.connections = connections;
    this.recorder = recorder;
  }

  /**
   * Sends {@code markers.count()} frames at {@code ratePerSecond}; returns after the last is
   * written.
   */
  void send(LatencyRecorder.MarkerRange markers, int ratePerSecond)
      throws IOException, InterruptedException {
    long periodNanos = 1_000_000_000L / ratePerSecond;
    long start = System.nanoTime() + 50_000_000;
    List<Panel> panels = new ArrayList<>();
    try {
      for (int c = 0; c < connections; c++) {
        panels.add(new Panel(c, markers, start, periodNanos));
      }
      for (Panel p : panels) {
        p.writer.join();
      }
    } finally {
      for (Panel p : panels) {
        p.closeAfterAnswers();
      }
    }
  }

  /**
   * One connection: a writer thread on the schedule and a reader thread matching answers by
   * sequence.
   */
  private final class Panel {
    private final Socket socket;
    private final Map<String, Integer> bySequence = new ConcurrentHashMap<>();
    private final Thread writer;
    private final Thread reader;

    Panel(int index, LatencyRecorder.MarkerRange markers, long start, long periodNanos)
        throws IOException {
      socket = new Socket(InetAddress.getLoopbackAddress(), port);
      socket.setTcpNoDelay(true);
      reader = started("panel-" + index + "-reader", this::readAnswers);
      writer =
          started(
              "panel-" + index + "-writer", () -> writeFrames(index, markers, start, periodNanos));
    }

    private void writeFrames(
        int index, LatencyRecorder.MarkerRange markers, long start, long periodNanos) {
      try {
        OutputStream out = socket.getOutputStream();
        for (int k = index, n = 0; k < markers.count(); k += connections, n++) {
          long due = start + k * periodNanos;
          for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
            LockSupport.parkNanos(wait);
          }
          int marker = markers.first() + k;
          String sequence = String.format("%04d", n % 9999 + 1);
          bySequence.put(sequence, marker);
          byte[] frame =
              Dc09Encoder.encode(
                  Dc09Token.SIA_DCS,
                  sequence,
                  null,
                  "0",
                  ACCOUNT,
                  "#" + ACCOUNT + "|Nri1/BA" + marker,
                  List.of(),
                  Instant.now(),
                  null);
          recorder.sent(marker, System.nanoTime());
          out.write(frame);
          out.flush();
        }
      } catch (IOException e) {
        System.err.println("bench panel " + index + " stopped sending: " + e.getMessage());
      }
    }

    private void readAnswers() {
      try {
        Dc09FrameInput answers =
            new Dc09FrameInput(new BufferedInputStream(socket.getInputStream()));
        for (byte[] frame = answers.next(); frame != null; frame = answers.next()) {
          answered(frame, System.nanoTime());
        }
      } catch (IOException e) {
        // the socket was closed at the end of the step
      }
    }

    private void answered(byte[] frame, long nanos) {
      try {
        Dc09Answer answer = Dc09Decoder.decodeResponse(frame, 0, frame.length, null);
        Integer marker = bySequence.remove(answer.sequence());
        if (marker != null && answer.token() == Dc09Token.ACK) {
          recorder.acked(marker, nanos);
        } else if (marker != null) {
          recorder.refused(marker);
        }
      } catch (Dc09Exception e) {
        System.err.println("bench panel got an answer it cannot read: " + e.getMessage());
      }
    }

    /** Gives the receiver up to 10 s to answer what was sent, then hangs up. */
    void closeAfterAnswers() throws IOException, InterruptedException {
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (!bySequence.isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      socket.close();
      reader.join(1000);
    }
  }

  private static Thread started(String name, Runnable body) {
    Thread t = new Thread(body, name);
    t.setDaemon(true);
    t.start();
    return t;
  }
}
