package io.chektbridge.daemon.link.dc09;

import static io.chektbridge.daemon.link.dc09.Dc09Panel.expectedAck;
import static io.chektbridge.daemon.link.dc09.Dc09Panel.frame;
import static io.chektbridge.daemon.link.dc09.Dc09Panel.readAnswer;
import static io.chektbridge.daemon.link.dc09.Dc09Panel.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import io.chektbridge.daemon.testing.BridgeYaml;
import io.chektbridge.daemon.testing.InProcessBridge;
import io.chektbridge.daemon.testing.LogCapture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * One host cannot lock the panels out: idle sockets from one address are capped per address and
 * closed when they send no frame, while a panel on another address is served at once.
 */
class Dc09LockoutTest {
  private static final Duration FIRST_FRAME_TIMEOUT = Duration.ofSeconds(2);
  private static final String ATTACKER = "127.0.0.2";

  @TempDir Path dir;

  @RegisterExtension
  final InProcessBridge bridge =
      InProcessBridge.startedForEachTest(
          () ->
              BridgeYaml.in(dir)
                  .dc09("first_frame_timeout", FIRST_FRAME_TIMEOUT.toSeconds() + "s")
                  .account("1234"));

  private LogCapture log;
  private final List<Socket> idle = new ArrayList<>();

  @BeforeEach
  void start() {
    log = LogCapture.of("io.chektbridge.daemon.link");
  }

  @AfterEach
  void stop() throws IOException {
    for (Socket s : idle) {
      s.close();
    }
    log.close();
  }

  @Test
  void twoHundredFiftySixIdleSocketsFromOneAddressLeaveAPanelOnAnotherServedWithinASecond()
      throws Exception {
    for (int i = 0; i < 256; i++) {
      idle.add(connectFrom(ATTACKER));
    }
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                bridge
                    .daemon()
                    .metrics()
                    .render()
                    .contains("limit=\"max_connections_per_address\"} 240"));

    long started = System.nanoTime();
    try (Socket panel = connectFrom("127.0.0.1")) {
      send(panel, frame("0001", "Nri1/BA01"));
      assertThat(readAnswer(panel)).isEqualTo(expectedAck("0001", "1234"));
    }
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));

    assertThat(
            log.events().stream()
                .filter(e -> e.getLevel() == Level.WARN)
                .map(e -> e.getFormattedMessage())
                .filter(m -> m.contains("max_connections")))
        .as("one line for the address, not one per refused socket")
        .singleElement()
        .asString()
        .contains(ATTACKER, "max_connections_per_address");
  }

  @Test
  void aConnectionWithoutACompleteFrameIsClosedAfterTheFirstFrameTimeoutAndAPanelsIsNot()
      throws Exception {
    try (Socket silent = connectFrom(ATTACKER);
        Socket panel = connectFrom("127.0.0.1")) {
      send(panel, frame("0002", "Nri1/BA02"));
      assertThat(readAnswer(panel)).isEqualTo(expectedAck("0002", "1234"));
      send(silent, "\n\0 junk".getBytes(java.nio.charset.StandardCharsets.US_ASCII));

      silent.setSoTimeout((int) FIRST_FRAME_TIMEOUT.multipliedBy(3).toMillis());
      assertThat(silent.getInputStream().read()).as("closed by the receiver").isEqualTo(-1);

      panel.setSoTimeout(200);
      assertThat(stillOpen(panel)).as("the panel that sent a frame keeps its connection").isTrue();
      send(panel, frame("0003", "Nri1/BA03"));
      panel.setSoTimeout(5000);
      assertThat(readAnswer(panel)).isEqualTo(expectedAck("0003", "1234"));
    }
    assertThat(bridge.daemon().metrics().render()).contains("limit=\"first_frame_timeout\"} 1");
  }

  private Socket connectFrom(String address) throws IOException {
    Socket s = new Socket();
    s.bind(new InetSocketAddress(address, 0));
    s.connect(new InetSocketAddress("127.0.0.1", bridge.dc09Port()), 5000);
    s.setSoTimeout(5000);
    return s;
  }

  /** True when nothing arrives and the peer has not closed within the socket's timeout. */
  private static boolean stillOpen(Socket s) throws IOException {
    try {
      return s.getInputStream().read() >= 0;
    } catch (SocketTimeoutException e) {
      return true;
    }
  }
}
