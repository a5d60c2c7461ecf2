package io.chektbridge.daemon.link.dc09;

import static io.chektbridge.daemon.link.dc09.Dc09Panel.expectedAck;
import static io.chektbridge.daemon.link.dc09.Dc09Panel.frame;
import static io.chektbridge.daemon.link.dc09.Dc09Panel.readAnswer;
import static io.chektbridge.daemon.link.dc09.Dc09Panel.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.chektbridge.daemon.testing.BridgeYaml;
import io.chektbridge.daemon.testing.InProcessBridge;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A panel faster than {@code max_frames_per_second}: on TCP it is slowed, never left unanswered; on
 * UDP the excess beyond the burst is dropped and counted. The limit is set low enough that this
 * machine's journal (an fsync per frame) is clearly faster than it, so the limit is what is
 * measured.
 */
class Dc09FloodTest {
  private static final int LIMIT = 50;

  @TempDir Path dir;

  @RegisterExtension
  final InProcessBridge bridge =
      InProcessBridge.startedForEachTest(
          () -> BridgeYaml.in(dir).dc09("max_frames_per_second", LIMIT).account("1234"));

  @Test
  void aLockStepPanelAtAThousandFramesPerSecondGetsEveryFrameAnsweredAtTheLimit() throws Exception {
    int limit = LIMIT;
    int frames = 3 * limit;
    long interval = Duration.ofMillis(1).toNanos();
    long[] answeredAt = new long[frames];
    long start;
    try (Socket panel = connect()) {
      start = System.nanoTime();
      for (int i = 0; i < frames; i++) {
        LockSupport.parkNanos(
            start + i * interval - System.nanoTime()); // the panel's own pace: 1,000/s
        String seq = String.format("%04d", 1000 + i);
        send(panel, frame(seq, "Nri1/BA" + (i % 99 + 1)));
        assertThat(readAnswer(panel)).as("frame %d", i).isEqualTo(expectedAck(seq, "1234"));
        answeredAt[i] = System.nanoTime();
      }
    }
    for (int i = limit; i < frames; i++) {
      double earliest =
          (i + 1 - limit) / (double) limit; // the burst at once, then one per 1/limit s
      assertThat((answeredAt[i] - start) / 1e9)
          .as("frame %d never faster than the budget", i)
          .isGreaterThan(earliest - 0.01);
    }
    double seconds = (answeredAt[frames - 1] - start) / 1e9;
    assertThat(seconds)
        .as("about the limit, not slower")
        .isLessThan(1.3 * (frames - limit) / limit + 0.5);
    assertThat(bridge.daemon().metrics().render())
        .containsPattern("limit=\"max_frames_per_second\"} [1-9]");
  }

  @Test
  void udpDatagramsBeyondTheBudgetAreDroppedAndCounted() throws Exception {
    int sent = 600; // 1,000/s for 0.6 s from one address: LIMIT at once, then LIMIT/s pass
    int answered = 0;
    try (DatagramSocket panel = new DatagramSocket()) {
      InetSocketAddress receiver = new InetSocketAddress("127.0.0.1", bridge.dc09Port());
      long start = System.nanoTime();
      for (int i = 0; i < sent; i++) {
        LockSupport.parkNanos(start + i * 1_000_000L - System.nanoTime());
        byte[] f = frame(String.format("%04d", 2000 + i), "Nri1/BA01");
        panel.send(new DatagramPacket(f, f.length, receiver));
      }
      panel.setSoTimeout(2000);
      try {
        while (true) {
          panel.receive(new DatagramPacket(new byte[512], 512));
          answered++;
        }
      } catch (SocketTimeoutException quietForTwoSeconds) {
        // every answer there is has come
      }
    }
    assertThat(answered)
        .as("the burst and 0.6 s at the rate")
        .isBetween(LIMIT, LIMIT + LIMIT * 7 / 10);
    assertThat(bridge.daemon().metrics().render())
        .contains("chekt_bridge_dc09_udp_dropped_total " + (sent - answered));
  }

  private Socket connect() throws java.io.IOException {
    Socket s = new Socket("127.0.0.1", bridge.dc09Port());
    s.setSoTimeout(5000);
    return s;
  }
}
