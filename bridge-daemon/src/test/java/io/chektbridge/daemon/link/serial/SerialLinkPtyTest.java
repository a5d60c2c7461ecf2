package io.chektbridge.daemon.link.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fazecast.jSerialComm.SerialPort;
import io.chektbridge.contactid.ContactIdFormatter;
import io.chektbridge.contactid.ContactIdMessage;
import io.chektbridge.contactid.ContactIdQualifier;
import io.chektbridge.daemon.Daemon;
import io.chektbridge.daemon.config.BridgeConfig;
import io.chektbridge.daemon.config.ConfigLoader;
import io.chektbridge.daemon.time.HostClock;
import io.chektbridge.sia.Dc09Answer;
import io.chektbridge.sia.Dc09Decoder;
import io.chektbridge.sia.Dc09Encoder;
import io.chektbridge.sia.Dc09Token;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The serial link inside a real daemon, over a real pseudo-terminal pair made by socat: the panel
 * writes lines on one end, the bridge answers on the other; the cable is pulled and put back.
 */
class SerialLinkPtyTest {
  private static final Duration ANSWER_WAIT = Duration.ofSeconds(2);

  @TempDir
  Path dir;

  private Daemon daemon;
  private PtyPair pty;

  @AfterEach
  void stop() throws Exception {
    if (daemon != null) {
      daemon.close();
    }
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
    BridgeConfig config = ConfigLoader.parse("""
        receivers:
          dc09:
            listen: 127.0.0.1:0
            accept_unknown_accounts: true
          serial:
            - port: %s
              baud: 9600
              framing: %s
        status:
          listen: 127.0.0.1:0
        storage:
          path: %s
        """.formatted(pty.bridgeEnd, framing, dir.resolve("data")), dir);
    daemon = new Daemon(config, HostClock.system());
    daemon.start();
    if (plugged) {
      awaitConnected(true);
    }
  }

  @Test
  void anAdapterAbsentAtStartHoldsNothingUpAndIsPickedUpWhenPluggedIn() throws Exception {
    startDaemon("contactid", false);
    assertThat(daemon.healthProblems()).isEmpty();
    awaitConnected(false);
    pty.plugIn();
    awaitConnected(true);
    try (Panel panel = Panel.open(pty.panelEnd)) {
      panel.sendUntilAcked(cid(2222, 602, 0, 0) + "\r");
    }
    assertThat(rows("SELECT account || ' ' || cid_code FROM panel_event")).containsExactly("2222 602");
  }

  @Test
  void contactIdLinesAreAckedAfterStorageAndAGarbledLineIsStoredRawAndNaked() throws Exception {
    startDaemon("contactid");
    try (Panel panel = Panel.open(pty.panelEnd)) {
      assertThat(panel.send(cid(1234, 130, 1, 5) + "\r")).containsExactly(0x06);
      assertThat(panel.send("5010 181234E40101003\u0014")).containsExactly(0x06);
      assertThat(panel.send("12X4 GARBLED\r")).containsExactly(0x15);
      String valid = cid(1234, 130, 1, 6);
      String damaged = valid.substring(0, 14) + "7" + valid.charAt(15);
      assertThat(panel.send(damaged + "\n")).containsExactly(0x15);
    }
    assertThat(rows("SELECT account || ' ' || qualifier || cid_code || ' p' || partition_no || ' z' || "
        + "COALESCE(zone_no, -1) || ' u' || COALESCE(user_no, -1) || ' ' || source FROM panel_event ORDER BY id"))
        .containsExactly("1234 E130 p1 z5 u-1 serial:" + pty.bridgeEnd, "1234 E401 p1 z-1 u3 serial:" + pty.bridgeEnd);
    assertThat(rows("SELECT UTF8TOSTRING(raw) || ' ' || error FROM inbound_message WHERE error IS NOT NULL"))
        .containsExactly("12X4 GARBLED wrong_length", cid(1234, 130, 1, 6).substring(0, 14) + "7"
            + cid(1234, 130, 1, 6).charAt(15) + " bad_checksum");
  }

  @Test
  void survivesUnplugAndReplugWithoutLosingALine() throws Exception {
    startDaemon("contactid");
    List<Integer> acked = new ArrayList<>();
    try (Panel panel = Panel.open(pty.panelEnd)) {
      for (int zone = 1; zone <= 5; zone++) {
        panel.sendUntilAcked(cid(4321, 130, 1, zone) + "\r");
        acked.add(zone);
      }
    }
    pty.unplug();
    awaitConnected(false);
    pty.plugIn();
    awaitConnected(true);
    try (Panel panel = Panel.open(pty.panelEnd)) {
      for (int zone = 6; zone <= 10; zone++) {
        panel.sendUntilAcked(cid(4321, 130, 1, zone) + "\r");
        acked.add(zone);
      }
    }
    assertThat(rows("SELECT zone_no FROM panel_event WHERE account = '4321' ORDER BY id"))
        .containsExactlyElementsOf(acked.stream().map(String::valueOf).toList());
    assertThat(daemon.metrics().render())
        .contains("chekt_bridge_serial_reconnects_total{port=\"" + pty.bridgeEnd + "\"} 1");
  }

  @Test
  void dc09FramesOnASerialLineGetTheirAck() throws Exception {
    startDaemon("dc09");
    byte[] frame = Dc09Encoder.encode(Dc09Token.SIA_DCS, "0042", null, "0", "7777", "#7777|Nri2/BA07", List.of(),
        Instant.now(), null);
    try (Panel panel = Panel.open(pty.panelEnd)) {
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
    return ContactIdFormatter.format(new ContactIdMessage(String.valueOf(account), 18, ContactIdQualifier.NEW_EVENT,
        code, partition, zone));
  }

  private void awaitConnected(boolean connected) {
    String line = "chekt_bridge_serial_connected{port=\"" + pty.bridgeEnd + "\"} " + (connected ? 1 : 0);
    await().atMost(Duration.ofSeconds(20)).until(() -> daemon.metrics().render().contains(line));
  }

  private List<String> rows(String sql) throws Exception {
    List<String> out = new ArrayList<>();
    try (Connection c = daemon.database().connection(); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  /** The panel's end of the cable, opened with jSerialComm too so reads can time out. */
  private static final class Panel implements AutoCloseable {
    private final SerialPort port;

    private Panel(SerialPort port) {
      this.port = port;
    }

    static Panel open(Path path) {
      SerialPort p = SerialPort.getCommPort(path.toString());
      p.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, (int) ANSWER_WAIT.toMillis(), 0);
      assertThat(p.openPort()).as("open " + path).isTrue();
      return new Panel(p);
    }

    /** Writes a line and returns the bytes answered within the wait (empty when none). */
    List<Integer> send(String line) {
      byte[] b = line.getBytes(StandardCharsets.ISO_8859_1);
      port.writeBytes(b, b.length);
      byte[] answer = new byte[16];
      int n = port.readBytes(answer, answer.length);
      List<Integer> out = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        out.add(answer[i] & 0xff);
      }
      return out;
    }

    /** What a panel does: resend until the ACK comes (a few tries, then the test fails). */
    void sendUntilAcked(String line) {
      for (int attempt = 0; attempt < 5; attempt++) {
        if (send(line).equals(List.of(0x06))) {
          return;
        }
      }
      throw new AssertionError("no ACK for " + line.strip() + " after 5 tries");
    }

    byte[] sendFrame(byte[] frame) {
      port.writeBytes(frame, frame.length);
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      byte[] b = new byte[256];
      while (answer.size() == 0 || b[0] != '\r') {
        int n = port.readBytes(b, 1);
        if (n <= 0) {
          break;
        }
        answer.write(b, 0, n);
      }
      return answer.toByteArray();
    }

    @Override
    public void close() {
      port.closePort();
    }
  }
}
