package io.chektbridge.daemon.link.serial;

import static org.assertj.core.api.Assertions.assertThat;

import io.chektbridge.contactid.ContactIdFormatter;
import io.chektbridge.contactid.ContactIdMessage;
import io.chektbridge.contactid.ContactIdQualifier;
import io.chektbridge.daemon.testing.BridgeYaml;
import io.chektbridge.daemon.testing.DatabaseRows;
import io.chektbridge.daemon.testing.InProcessBridge;
import io.chektbridge.daemon.testing.PtyPanel;
import io.chektbridge.sia.Dc09Answer;
import io.chektbridge.sia.Dc09Decoder;
import io.chektbridge.sia.Dc09Encoder;
import io.chektbridge.sia.Dc09Token;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The serial link inside a real daemon, over a real pseudo-terminal pair made by socat: the panel
 * writes lines on one end, the bridge answers on the other; the cable is pulled and put back.
 */
class SerialLinkPtyTest {
  private static final Duration ANSWER_WAIT = Duration.ofSeconds(2);
  private static final String ACK = "\u0006";
  private static final String NAK = "\u0015";

  @TempDir Path dir;

  @RegisterExtension final InProcessBridge bridge = InProcessBridge.startedByTheTest();
  private PtyPair pty;

  @AfterEach
  void stop() throws Exception {
    if (pty != null) {
      pty.close();
    }
  }

  private void startDaemon(String framing) throws Exception {
    startDaemon(framing, true);
  }

  private void startDaemon(String framing, boolean plugged) throws Exception {
    pty = new PtyPair(dir);
    if (plugged) {
      pty.plugIn();
    }
    bridge.start(
        BridgeYaml.in(dir)
            .acceptUnknownAccounts()
            .serial(pty.bridgeEnd, "baud", 9600, "framing", framing));
    if (plugged) {
      awaitConnected(true);
    }
  }

  @Test
  void anAdapterAbsentAtStartHoldsNothingUpAndIsPickedUpWhenPluggedIn() throws Exception {
    startDaemon("contactid", false);
    assertThat(bridge.daemon().healthProblems()).isEmpty();
    awaitConnected(false);
    pty.plugIn();
    awaitConnected(true);
    try (PtyPanel panel = PtyPanel.open(pty.panelEnd, ANSWER_WAIT)) {
      panel.sendUntilAnswered(cid(2222, 602, 0, 0) + "\r", ACK);
    }
    assertThat(rows("SELECT account || ' ' || cid_code FROM panel_event"))
        .containsExactly("2222 602");
  }

  @Test
  void contactIdLinesAreAckedAfterStorageAndAGarbledLineIsStoredRawAndNaked() throws Exception {
    startDaemon("contactid");
    try (PtyPanel panel = PtyPanel.open(pty.panelEnd, ANSWER_WAIT)) {
      assertThat(panel.send(cid(1234, 130, 1, 5) + "\r")).isEqualTo(ACK);
      assertThat(panel.send("5010 181234E40101003\u0014")).isEqualTo(ACK);
      assertThat(panel.send("12X4 GARBLED\r")).isEqualTo(NAK);
      String valid = cid(1234, 130, 1, 6);
      String damaged = valid.substring(0, 14) + "7" + valid.charAt(15);
      assertThat(panel.send(damaged + "\n")).isEqualTo(NAK);
    }
    assertThat(
            rows(
                "SELECT account || ' ' || qualifier || cid_code || ' p' || partition_no || ' z' || "
                    + "COALESCE(zone_no, -1) || ' u' || COALESCE(user_no, -1) || ' ' || source FROM panel_event ORDER BY id"))
        .containsExactly(
            "1234 E130 p1 z5 u-1 serial:" + pty.bridgeEnd,
            "1234 E401 p1 z-1 u3 serial:" + pty.bridgeEnd);
    assertThat(
            rows(
                "SELECT UTF8TOSTRING(raw) || ' ' || error FROM inbound_message WHERE error IS NOT NULL"))
        .containsExactly(
            "12X4 GARBLED wrong_length",
            cid(1234, 130, 1, 6).substring(0, 14)
                + "7"
                + cid(1234, 130, 1, 6).charAt(15)
                + " bad_checksum");
  }

  @Test
  void survivesUnplugAndReplugWithoutLosingALine() throws Exception {
    startDaemon("contactid");
    List<Integer> acked = new ArrayList<>();
    try (PtyPanel panel = PtyPanel.open(pty.panelEnd, ANSWER_WAIT)) {
      for (int zone = 1; zone <= 5; zone++) {
        panel.sendUntilAnswered(cid(4321, 130, 1, zone) + "\r", ACK);
        acked.add(zone);
      }
    }
    pty.unplug();
    awaitConnected(false);
    pty.plugIn();
    awaitConnected(true);
    try (PtyPanel panel = PtyPanel.open(pty.panelEnd, ANSWER_WAIT)) {
      for (int zone = 6; zone <= 10; zone++) {
        panel.sendUntilAnswered(cid(4321, 130, 1, zone) + "\r", ACK);
        acked.add(zone);
      }
    }
    assertThat(rows("SELECT zone_no FROM panel_event WHERE account = '4321' ORDER BY id"))
        .containsExactlyElementsOf(acked.stream().map(String::valueOf).toList());
    assertThat(bridge.daemon().metrics().render())
        .contains("chekt_bridge_serial_reconnects_total{port=\"" + pty.bridgeEnd + "\"} 1");
  }

  @Test
  void dc09FramesOnASerialLineGetTheirAck() throws Exception {
    startDaemon("dc09");
    byte[] frame =
        Dc09Encoder.encode(
            Dc09Token.SIA_DCS,
            "0042",
            null,
            "0",
            "7777",
            "#7777|Nri2/BA07",
            List.of(),
            Instant.now(),
            null);
    try (PtyPanel panel = PtyPanel.open(pty.panelEnd, ANSWER_WAIT)) {
      byte[] answer = panel.sendFrame(frame);
      Dc09Answer a = Dc09Decoder.decodeResponse(answer, 0, answer.length, null);
      assertThat(a.token()).isEqualTo(Dc09Token.ACK);
      assertThat(a.sequence()).isEqualTo("0042");
      assertThat(a.account()).isEqualTo("7777");
    }
    assertThat(rows("SELECT sia_code || ' z' || zone_no || ' ' || source FROM panel_event"))
        .containsExactly("BA z7 serial:" + pty.bridgeEnd);
  }

  private static String cid(int account, int code, int partition, int zone) {
    return ContactIdFormatter.format(
        new ContactIdMessage(
            String.valueOf(account), 18, ContactIdQualifier.NEW_EVENT, code, partition, zone));
  }

  private void awaitConnected(boolean connected) {
    PtyPair.awaitLinkConnected(bridge.daemon().metrics(), pty.bridgeEnd, connected);
  }

  private List<String> rows(String sql) throws Exception {
    return DatabaseRows.of(bridge.daemon().journal(), bridge.daemon().database(), sql);
  }
}
