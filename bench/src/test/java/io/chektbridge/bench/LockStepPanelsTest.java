package io.chektbridge.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chektbridge.sia.CrcFormat;
import io.chektbridge.sia.Dc09AccountDirectory;
import io.chektbridge.sia.Dc09Decoder;
import io.chektbridge.sia.Dc09FrameInput;
import io.chektbridge.sia.Dc09Responder;
import io.chektbridge.sia.Dc09Result;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The load generator against a small blocking DC-09 receiver on loopback. */
class LockStepPanelsTest {
  private static final Dc09Decoder DECODER =
      new Dc09Decoder(Dc09AccountDirectory.of(account -> null, true));

  private final Set<String> framesSeen = ConcurrentHashMap.newKeySet();
  private final AtomicInteger pipelined = new AtomicInteger();
  private ServerSocket server;

  @AfterEach
  void stop() throws IOException {
    server.close();
  }

  @Test
  void everyPanelSendsDistinctFramesOneAtATimeAndCountsTheAcks() throws Exception {
    int port = receiver(Answer.ACK);
    ObjectNode r = new LockStepPanels(port, "1234", null, 40, Duration.ofSeconds(5)).run(5);

    assertThat(r.path("sent").asLong()).isEqualTo(200);
    assertThat(r.path("acked").asLong()).isEqualTo(200);
    assertThat(r.path("unanswered").asLong()).isZero();
    assertThat(r.path("latency_ms").path("n").asLong()).isEqualTo(200);
    assertThat(r.path("errors")).isEmpty();
    assertThat(framesSeen).hasSize(200);
    assertThat(pipelined).hasValue(0);
    assertThat(r.path("generator_cpu_us_per_frame").asDouble()).isPositive();
  }

  @Test
  void aNakSettlesTheFrameAsRefusedAndTheNextFrameGoes() throws Exception {
    int port = receiver(Answer.NAK);
    ObjectNode r = new LockStepPanels(port, "1234", null, 10, Duration.ofSeconds(5)).run(2);

    assertThat(r.path("sent").asLong()).isEqualTo(20);
    assertThat(r.path("naked").asLong()).isEqualTo(20);
    assertThat(r.path("acked").asLong()).isZero();
  }

  @Test
  void aReceiverThatNeverAnswersEndsTheRunWithTheFramesUnanswered() throws Exception {
    int port = receiver(Answer.NOTHING);
    ObjectNode r = new LockStepPanels(port, "1234", null, 10, Duration.ofMillis(300)).run(3);

    assertThat(r.path("sent").asLong()).isEqualTo(3);
    assertThat(r.path("unanswered").asLong()).isEqualTo(3);
    assertThat(r.path("acked").asLong()).isZero();
    assertThat(r.path("errors").toString()).contains("no answer within");
  }

  private enum Answer {
    ACK,
    NAK,
    NOTHING
  }

  private int receiver(Answer answer) throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor =
        new Thread(
            () -> {
              try {
                while (true) {
                  Socket s = server.accept();
                  Thread t = new Thread(() -> serve(s, answer));
                  t.setDaemon(true);
                  t.start();
                }
              } catch (IOException closed) {
                // the test is over
              }
            });
    acceptor.setDaemon(true);
    acceptor.start();
    return server.getLocalPort();
  }

  private void serve(Socket s, Answer answer) {
    try (s) {
      BufferedInputStream in = new BufferedInputStream(s.getInputStream());
      Dc09FrameInput frames = new Dc09FrameInput(in);
      OutputStream out = s.getOutputStream();
      for (byte[] f = frames.next(); f != null; f = frames.next()) {
        framesSeen.add(new String(f, StandardCharsets.ISO_8859_1).substring(5));
        if (answer == Answer.NOTHING) {
          continue;
        }
        expectNothingMoreBeforeTheAnswer(s, in);
        Dc09Result decoded = DECODER.decode(f, 0, f.length, Instant.now());
        out.write(
            answer == Answer.ACK
                ? decoded.responseBytes()
                : Dc09Responder.nak(Instant.now(), CrcFormat.HEX));
        out.flush();
      }
    } catch (IOException e) {
      // the generator hung up
    }
  }

  /** A lock-step panel sends nothing more until it is answered. */
  private void expectNothingMoreBeforeTheAnswer(Socket s, BufferedInputStream in)
      throws IOException {
    s.setSoTimeout(20);
    try {
      if (in.available() > 0 || in.read() >= 0) {
        pipelined.incrementAndGet();
      }
    } catch (SocketTimeoutException quiet) {
      // as it should be
    } finally {
      s.setSoTimeout(0);
    }
  }
}
