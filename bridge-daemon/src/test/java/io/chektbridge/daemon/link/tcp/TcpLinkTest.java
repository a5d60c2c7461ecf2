package io.chektbridge.daemon.link.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chektbridge.contactid.ContactIdFormatter;
import io.chektbridge.contactid.ContactIdMessage;
import io.chektbridge.contactid.ContactIdQualifier;
import io.chektbridge.daemon.ops.AlertKind;
import io.chektbridge.daemon.testing.LinkTestBed;
import io.chektbridge.daemon.testing.PtyPanel;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Serial-over-TCP links against real loopback sockets: a small device server the test runs (and
 * kills), and a device server that dials the bridge. Every line a panel saw acknowledged must be in
 * the journal, once.
 */
class TcpLinkTest {
  private static final Duration ANSWER_WAIT = Duration.ofSeconds(2);

  @TempDir Path dir;

  private LinkTestBed harness;
  private TcpLinks links;

  @AfterEach
  void stop() throws Exception {
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  void clientLinkSurvivesTheDeviceServerDyingAndRaisesAndRestoresLinkLost() throws Exception {
    int port;
    List<Integer> acked = new ArrayList<>();
    try (ServerSocket deviceServer = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = deviceServer.getLocalPort();
      harness =
          new LinkTestBed(
              dir,
              """
                tcp_links:
                  - name: nport-1
                    transport: tcp-client
                    address: 127.0.0.1:%d
                    supervision: 2m
                    account: "4321"
            """
                  .formatted(port));
      links =
          harness.own(
              TcpLinks.start(
                  harness.config.receivers().tcpLinks(), harness.context(), LinkTestBed.FAST));
      try (Socket panel = deviceServer.accept()) {
        panel.setSoTimeout((int) ANSWER_WAIT.toMillis());
        for (int zone = 1; zone <= 5; zone++) {
          assertThat(send(panel, cid(4321, 130, 1, zone) + "\r")).isEqualTo("\u0006");
          acked.add(zone);
        }
        assertThat(send(panel, "4321 GARBLED\r")).isEqualTo("\u0015");
      }
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> !harness.tcpConnected("nport-1"));
    harness.clock.advance(Duration.ofMinutes(3));
    harness.supervisor.check();
    assertThat(harness.alerts.isActive(AlertKind.PANEL_LINK_LOST)).isTrue();

    try (ServerSocket restarted = new ServerSocket(port, 1, InetAddress.getLoopbackAddress());
        Socket panel = restarted.accept()) {
      panel.setSoTimeout((int) ANSWER_WAIT.toMillis());
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> !harness.alerts.isActive(AlertKind.PANEL_LINK_LOST));
      for (int zone = 6; zone <= 10; zone++) {
        assertThat(send(panel, cid(4321, 130, 1, zone) + "\n")).isEqualTo("\u0006");
        acked.add(zone);
      }
    }
    assertThat(harness.rows("SELECT zone_no FROM panel_event WHERE cid_code = '130' ORDER BY id"))
        .containsExactlyElementsOf(acked.stream().map(String::valueOf).toList());
    assertThat(
            harness.rows(
                "SELECT account || ' ' || qualifier || cid_code || ' ' || source || ' ' || description "
                    + "FROM panel_event WHERE cid_code = '356' ORDER BY id"))
        .containsExactly(
            "4321 E356 supervision Panel link lost", "4321 R356 supervision Panel link restored");
    assertThat(
            harness.rows(
                "SELECT UTF8TOSTRING(raw) || ' ' || error || ' ' || link FROM inbound_message "
                    + "WHERE error IS NOT NULL"))
        .containsExactly("4321 GARBLED wrong_length tcp-link:nport-1");
    // the killed server's backlog may take one more connection before it closes: at least one loss
    // is counted
    assertThat(harness.metrics.render())
        .containsPattern("chekt_bridge_tcp_link_reconnects_total\\{link=\"nport-1\"} [1-9]");
  }

  @Test
  void serverLinkTakesTheDeviceServersConnectionAndANewerOneReplacesIt() throws Exception {
    harness =
        new LinkTestBed(
            dir,
            """
                tcp_links:
                  - name: dialin
                    transport: tcp-server
                    address: 127.0.0.1:0
                    ack: OK
            """);
    links =
        harness.own(
            TcpLinks.start(
                harness.config.receivers().tcpLinks(), harness.context(), LinkTestBed.FAST));
    int port = links.listenPort("dialin");
    try (Socket first = new Socket(InetAddress.getLoopbackAddress(), port)) {
      first.setSoTimeout((int) ANSWER_WAIT.toMillis());
      assertThat(send(first, cid(1234, 130, 1, 1) + "\r")).isEqualTo("OK");
      try (Socket second = new Socket(InetAddress.getLoopbackAddress(), port)) {
        second.setSoTimeout((int) ANSWER_WAIT.toMillis());
        assertThat(first.getInputStream().read()).as("the old connection is closed").isEqualTo(-1);
        assertThat(send(second, cid(1234, 130, 1, 2) + "\r")).isEqualTo("OK");
      }
    }
    assertThat(harness.rows("SELECT zone_no || ' ' || source FROM panel_event ORDER BY id"))
        .containsExactly("1 tcp-link:dialin", "2 tcp-link:dialin");
  }

  @Test
  void clientLinkThroughSocatToAPtyLosesNothingWhenTheDeviceServerRestarts() throws Exception {
    List<Integer> acked = new ArrayList<>();
    try (SocatDeviceServer nport = new SocatDeviceServer(dir)) {
      nport.powerOn();
      harness =
          new LinkTestBed(
              dir,
              """
                tcp_links:
                  - name: ser2net
                    transport: tcp-client
                    address: 127.0.0.1:%d
            """
                  .formatted(nport.port));
      links =
          harness.own(
              TcpLinks.start(
                  harness.config.receivers().tcpLinks(), harness.context(), LinkTestBed.FAST));
      for (int round = 0; round < 2; round++) {
        await()
            .atMost(Duration.ofSeconds(20))
            .until(
                () ->
                    harness.tcpConnected("ser2net") && java.nio.file.Files.exists(nport.panelEnd));
        try (PtyPanel panel = PtyPanel.open(nport.panelEnd, ANSWER_WAIT)) {
          for (int zone = round * 3 + 1; zone <= round * 3 + 3; zone++) {
            panel.sendUntilAnswered(cid(2468, 130, 2, zone) + "\r", "\u0006");
            acked.add(zone);
          }
        }
        nport.powerOff();
        await().atMost(Duration.ofSeconds(10)).until(() -> !harness.tcpConnected("ser2net"));
        nport.powerOn();
      }
    }
    assertThat(harness.rows("SELECT zone_no FROM panel_event WHERE account = '2468' ORDER BY id"))
        .containsExactlyElementsOf(acked.stream().map(String::valueOf).toList());
  }

  static String cid(int account, int code, int partition, int zone) {
    return ContactIdFormatter.format(
        new ContactIdMessage(
            String.valueOf(account), 18, ContactIdQualifier.NEW_EVENT, code, partition, zone));
  }

  /** Writes a line and reads the answer (up to the read timeout; empty when none came). */
  static String send(Socket s, String line) throws IOException {
    OutputStream out = s.getOutputStream();
    out.write(line.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    InputStream in = s.getInputStream();
    byte[] b = new byte[16];
    int n = in.read(b);
    return n <= 0 ? "" : new String(b, 0, n, StandardCharsets.ISO_8859_1);
  }
}
