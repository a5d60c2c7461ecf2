package io.chektbridge.daemon.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chektbridge.daemon.testing.BridgeYaml;
import io.chektbridge.daemon.testing.InProcessBridge;
import io.chektbridge.daemon.testing.PanelSocket;
import io.chektbridge.sia.Dc09Answer;
import io.chektbridge.sia.Dc09Token;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input against the live receiver: mutated real frames and random bytes, slow-loris connections
 * past the connection limit, and 10,000 connection attempts. The receiver answers every valid
 * frame, refuses the rest by the rules, stays within its limits and keeps serving.
 */
class ReceiverAbuseTest {
  @TempDir Path dir;

  @RegisterExtension
  final InProcessBridge bridge =
      InProcessBridge.startedForEachTest(
          () ->
              BridgeYaml.in(dir)
                  .acceptUnknownAccounts()
                  .dc09("max_connections", 64)
                  .dc09("max_connections_per_address", 64)
                  .dc09("idle_timeout", "2s")
                  .dc09("max_frames_per_second", 100000));

  @Test
  void mutatedFramesAndRandomBytesAreAnsweredByTheRulesAndValidFramesStillAcked() throws Exception {
    Random random = new Random(1234);
    int acked = 0;
    int mutations = 0;
    try (Socket s = connect()) {
      for (int i = 1; i <= 400; i++) {
        byte[] frame = frame(String.format("%04d", i));
        if (i % 2 == 0) {
          byte[] bad = frame.clone();
          bad[1 + random.nextInt(bad.length - 2)] ^= (byte) (1 + random.nextInt(255));
          byte[] junk = new byte[random.nextInt(64)];
          random.nextBytes(junk);
          for (int k = 0; k < junk.length; k++) {
            if (junk[k] == '\n') {
              junk[k] = 'x';
            }
          }
          send(s, junk);
          send(s, bad);
          mutations++;
        }
        send(s, frame);
        // every answer up to the valid frame's ACK: NAKs for mutated frames that still frame
        // correctly
        Dc09Answer a;
        do {
          byte[] answer = PanelSocket.readFrame(s.getInputStream());
          a = PanelSocket.answer(answer);
        } while (a.token() != Dc09Token.ACK || !a.sequence().equals(String.format("%04d", i)));
        acked++;
      }
    }
    assertThat(acked).isEqualTo(400);
    assertThat(mutations).isEqualTo(200);
    assertThat(bridge.daemon().healthProblems()).isEmpty();
  }

  @Test
  void slowLorisConnectionsAreCappedAndTimedOut() throws Exception {
    List<Socket> idle = new ArrayList<>();
    try {
      for (int i = 0; i < 100; i++) {
        Socket s = connect();
        s.getOutputStream().write('\n');
        s.getOutputStream().flush();
        idle.add(s);
      }
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(bridge.daemon().metrics().render())
                      .contains(
                          "chekt_bridge_dc09_limit_hits_total{limit=\"max_connections\"} 36"));
      await()
          .atMost(Duration.ofSeconds(15))
          .until(
              () -> bridge.daemon().metrics().render().contains("chekt_bridge_dc09_connections 0"));
      assertThat(bridge.daemon().metrics().render())
          .contains("chekt_bridge_dc09_limit_hits_total{limit=\"idle_timeout\"} 64");
    } finally {
      for (Socket s : idle) {
        s.close();
      }
    }
    assertValidFrameAcked("0500");
  }

  @Test
  void tenThousandConnectionAttemptsLeaveTheReceiverServing() throws Exception {
    for (int i = 0; i < 10_000; i++) {
      try (Socket s = new Socket("127.0.0.1", bridge.dc09Port())) {
        s.setSoLinger(true, 0);
      }
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> bridge.daemon().metrics().render().contains("chekt_bridge_dc09_connections 0"));
    assertValidFrameAcked("0600");
  }

  private void assertValidFrameAcked(String seq) throws Exception {
    try (Socket s = connect()) {
      send(s, frame(seq));
      byte[] answer = PanelSocket.readFrame(s.getInputStream());
      Dc09Answer a = PanelSocket.answer(answer);
      assertThat(a.token()).isEqualTo(Dc09Token.ACK);
      assertThat(a.sequence()).isEqualTo(seq);
    }
  }

  private static byte[] frame(String seq) {
    return PanelSocket.frame(Dc09Token.SIA_DCS, "4321", seq, "Nri1/BA05");
  }

  private Socket connect() throws IOException {
    Socket s = new Socket("127.0.0.1", bridge.dc09Port());
    s.setSoTimeout(5000);
    return s;
  }

  private static void send(Socket s, byte[] bytes) throws IOException {
    OutputStream out = s.getOutputStream();
    out.write(bytes);
    out.flush();
  }
}
