package io.chektbridge.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.chektbridge.sia.Dc09AccountDirectory;
import io.chektbridge.sia.Dc09Decoder;
import io.chektbridge.sia.Dc09FrameInput;
import io.chektbridge.sia.Dc09Token;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * send-test over real loopback sockets against a receiver that answers with the SIA decoder's own
 * answers, each behind the CR LF, NUL padding and stray bytes receivers put between frames: every
 * frame is matched to its answer and counted as what the answer says.
 */
class SendTestRunTest {
  private static final byte[] BETWEEN_ANSWERS =
      "\r\n\0noise\0 ".getBytes(StandardCharsets.ISO_8859_1);

  private ServerSocket server;
  private final List<Thread> connections = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() throws Exception {
    server.close();
    for (Thread t : connections) {
      t.join(5000);
    }
  }

  @Test
  void everyFrameOfEveryConnectionIsMatchedToItsAckThroughWhatIsBetweenTheAnswers()
      throws Exception {
    SendTestRun.Result r = sendTo(true, 3, 40, 8);

    assertThat(r.acked()).isEqualTo(120);
    assertThat(r.naked() + r.duh() + r.unanswered()).isZero();
    assertThat(r.latenciesNanos()).hasSize(120);
  }

  @Test
  void framesOfAnAccountTheReceiverRefusesAreCountedAsNaked() throws Exception {
    SendTestRun.Result r = sendTo(false, 1, 20, 1);

    assertThat(r.naked()).isEqualTo(20);
    assertThat(r.acked() + r.unanswered()).isZero();
  }

  /** Runs send-test against a fresh receiver and checks it sent everything without an error. */
  private SendTestRun.Result sendTo(boolean acceptUnknown, int connections, int count, int window)
      throws Exception {
    startReceiver(acceptUnknown);
    SendTestRun.Plan plan =
        new SendTestRun.Plan(
            "127.0.0.1",
            server.getLocalPort(),
            false,
            "4321",
            null,
            Dc09Token.SIA_DCS,
            "Nri1/BA01",
            count,
            connections,
            window,
            0,
            Duration.ofSeconds(10));
    SendTestRun.Result r = new SendTestRun(plan, line -> {}).run();
    assertThat(r.errors()).isEmpty();
    assertThat(r.sent()).isEqualTo((long) connections * count);
    return r;
  }

  /** Answers every frame on every connection; {@code acceptUnknown} false makes it NAK them all. */
  private void startReceiver(boolean acceptUnknown) throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Dc09Decoder decoder = new Dc09Decoder(Dc09AccountDirectory.of(account -> null, acceptUnknown));
    Thread acceptor =
        new Thread(
            () -> {
              try {
                while (true) {
                  Socket s = server.accept();
                  Thread t = new Thread(() -> answer(s, decoder), "receiver-" + connections.size());
                  connections.add(t);
                  t.start();
                }
              } catch (IOException e) {
                // closed by stop()
              }
            },
            "receiver");
    acceptor.start();
    connections.add(acceptor);
  }

  private static void answer(Socket s, Dc09Decoder decoder) {
    try (s) {
      Dc09FrameInput frames = new Dc09FrameInput(new BufferedInputStream(s.getInputStream()));
      OutputStream out = s.getOutputStream();
      for (byte[] frame = frames.next(); frame != null; frame = frames.next()) {
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        answer.writeBytes(BETWEEN_ANSWERS);
        answer.writeBytes(decoder.decode(frame, 0, frame.length, Instant.now()).responseBytes());
        out.write(answer.toByteArray());
        out.flush();
      }
    } catch (IOException e) {
      // the sender hung up
    }
  }
}
