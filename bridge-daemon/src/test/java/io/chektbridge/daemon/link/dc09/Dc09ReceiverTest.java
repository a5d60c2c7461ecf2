package io.chektbridge.daemon.link.dc09;

import static io.chektbridge.daemon.link.dc09.Dc09Panel.expectedAck;
import static io.chektbridge.daemon.link.dc09.Dc09Panel.frame;
import static io.chektbridge.daemon.link.dc09.Dc09Panel.readAnswer;
import static io.chektbridge.daemon.link.dc09.Dc09Panel.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chektbridge.daemon.config.SecretFiles;
import io.chektbridge.daemon.ops.AlertKind;
import io.chektbridge.daemon.testing.BridgeYaml;
import io.chektbridge.daemon.testing.InProcessBridge;
import io.chektbridge.sia.Dc09Answer;
import io.chektbridge.sia.Dc09Decoder;
import io.chektbridge.sia.Dc09Keys;
import io.chektbridge.sia.Dc09Token;
import io.chektbridge.sia.KeyFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The receiver inside a real daemon, over real TCP and UDP sockets on loopback. */
class Dc09ReceiverTest {
  private static final String KEY = "000102030405060708090A0B0C0D0E0F";

  @TempDir Path dir;

  @RegisterExtension
  final InProcessBridge bridge =
      InProcessBridge.startedForEachTest(
          () -> {
            Path key = dir.resolve("5678.key");
            SecretFiles.write(key, KEY);
            return BridgeYaml.in(dir)
                .dc09("max_frame_bytes", 600)
                .dc09("max_connections_per_address", 256)
                .account("1234")
                .account("5678", key);
          });

  @Test
  void plainFrameGetsTheExactAckAndIsStored() throws Exception {
    try (Socket s = connect()) {
      send(s, frame("0001", "Nri1/BA05"));
      assertThat(readAnswer(s)).isEqualTo(expectedAck("0001", "1234"));
    }
    assertThat(
            count(
                "SELECT COUNT(*) FROM panel_event WHERE account = '1234' AND sia_code = 'BA' AND zone_no = 5"))
        .isEqualTo(1);
  }

  @Test
  void encryptedFrameGetsAnEncryptedAck() throws Exception {
    byte[] key = Dc09Keys.parse(KEY, KeyFormat.HEX);
    try (Socket s = connect()) {
      send(s, frame("5678", "0042", "Nri1/CL03", key, Instant.now()));
      byte[] answer = readAnswer(s).getBytes(StandardCharsets.ISO_8859_1);
      Dc09Answer a = Dc09Decoder.decodeResponse(answer, 0, answer.length, key);
      assertThat(a.token()).isEqualTo(Dc09Token.ACK);
      assertThat(a.encrypted()).isTrue();
      assertThat(a.sequence()).isEqualTo("0042");
      assertThat(a.account()).isEqualTo("5678");
    }
  }

  @Test
  void crcLengthAndWindowErrorsAreNakedAndNothingIsStoredAsAnEvent() throws Exception {
    byte[] good = frame("0002", "Nri1/BA05");
    byte[] badCrc = good.clone();
    badCrc[1] = (byte) (badCrc[1] == '0' ? '1' : '0');
    byte[] badLength = good.clone();
    badLength[8] = (byte) (badLength[8] == '0' ? '1' : '0');
    byte[] old = frame("1234", "0003", "Nri1/BA05", null, Instant.now().minusSeconds(41));
    try (Socket s = connect()) {
      for (byte[] f : List.of(badCrc, badLength, old)) {
        send(s, f);
        assertThat(readAnswer(s)).contains("\"NAK\"0000R0L0A0[]_");
      }
    }
    assertThat(count("SELECT COUNT(*) FROM panel_event")).isZero();
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> count("SELECT COUNT(*) FROM inbound_message WHERE error IS NOT NULL") == 3);
  }

  @Test
  void twoFramesInOneSegmentAFrameInThreeWritesAndJunk() throws Exception {
    try (Socket s = connect()) {
      ByteArrayOutputStream both = new ByteArrayOutputStream();
      both.write("garbage before the frame".getBytes(StandardCharsets.US_ASCII));
      both.write(frame("0010", "Nri1/BA01"));
      both.write(0);
      both.write(frame("0011", "Nri1/BA02"));
      send(s, both.toByteArray());
      assertThat(readAnswer(s)).isEqualTo(expectedAck("0010", "1234"));
      assertThat(readAnswer(s)).isEqualTo(expectedAck("0011", "1234"));

      byte[] f = frame("0012", "Nri1/BA03");
      send(s, java.util.Arrays.copyOfRange(f, 0, 5));
      send(s, java.util.Arrays.copyOfRange(f, 5, 20));
      send(s, java.util.Arrays.copyOfRange(f, 20, f.length));
      assertThat(readAnswer(s)).isEqualTo(expectedAck("0012", "1234"));
    }
  }

  /**
   * What real senders put around a frame; {@code keepalive} is sent on its own before the frame.
   */
  enum Surroundings {
    CR_LF("", "", "\n"),
    LF_KEEPALIVE("\n", "", ""),
    NUL_PADDING("", "", "\0\0\0\0"),
    LF_BEFORE_THE_FRAME("", "\n", ""),
    ALL_OF_THEM("\n\n", " \0\n\n", "\n\0 ");

    final byte[] keepalive;
    final String before;
    final String after;

    Surroundings(String keepalive, String before, String after) {
      this.keepalive = keepalive.getBytes(StandardCharsets.ISO_8859_1);
      this.before = before;
      this.after = after;
    }

    byte[] around(byte[] frame) {
      return (before + new String(frame, StandardCharsets.ISO_8859_1) + after)
          .getBytes(StandardCharsets.ISO_8859_1);
    }
  }

  @ParameterizedTest
  @EnumSource(Surroundings.class)
  void tcpAnswersEveryFrameWhateverSurroundsIt(Surroundings s) throws Exception {
    try (Socket panel = connect()) {
      for (int i = 0; i < 5; i++) {
        String seq = String.format("%04d", 300 + i);
        send(panel, s.keepalive);
        send(panel, s.around(frame(seq, "Nri1/BA0" + (i + 1))));
        assertThat(readAnswer(panel)).as("frame %s", seq).isEqualTo(expectedAck(seq, "1234"));
      }
      send(panel, s.around(damaged(frame("0310", "Nri1/BA01"), 12)));
      assertThat(readAnswer(panel)).as("a wrong CRC").contains("\"NAK\"0000R0L0A0[]");
      byte[] wrongLength = frame("0311", "Nri1/BA01");
      wrongLength[8] = (byte) (wrongLength[8] == '9' ? '8' : wrongLength[8] + 1);
      send(panel, s.around(wrongLength));
      assertThat(readAnswer(panel)).as("a wrong length").contains("\"NAK\"0000R0L0A0[]");
    }
  }

  @ParameterizedTest
  @EnumSource(Surroundings.class)
  void udpAnswersEveryFrameWhateverSurroundsIt(Surroundings s) throws Exception {
    try (DatagramSocket panel = new DatagramSocket()) {
      panel.setSoTimeout(5000);
      InetSocketAddress receiver = new InetSocketAddress("127.0.0.1", bridge.dc09Port());
      for (int i = 0; i < 5; i++) {
        String seq = String.format("%04d", 400 + i);
        if (s.keepalive.length > 0) {
          panel.send(new DatagramPacket(s.keepalive, s.keepalive.length, receiver));
        }
        byte[] datagram = s.around(frame(seq, "Nri1/BA0" + (i + 1)));
        panel.send(new DatagramPacket(datagram, datagram.length, receiver));
        DatagramPacket answer = new DatagramPacket(new byte[512], 512);
        panel.receive(answer);
        assertThat(new String(answer.getData(), 0, answer.getLength(), StandardCharsets.ISO_8859_1))
            .as("frame %s", seq)
            .isEqualTo(expectedAck(seq, "1234"));
      }
    }
  }

  /** The frame with one byte of its body changed, so its CRC no longer matches. */
  private static byte[] damaged(byte[] frame, int at) {
    byte[] copy = frame.clone();
    copy[at] = (byte) (copy[at] == 'A' ? 'B' : 'A');
    return copy;
  }

  @Test
  void oversizeFrameIsDroppedAndTheConnectionKeepsWorking() throws Exception {
    try (Socket s = connect()) {
      byte[] huge = new byte[2000];
      java.util.Arrays.fill(huge, (byte) 'A');
      byte[] header = "\nAAAA07CF\"SIA-DCS\"".getBytes(StandardCharsets.US_ASCII);
      System.arraycopy(header, 0, huge, 0, header.length);
      send(s, huge);
      send(s, frame("0020", "Nri1/BA01"));
      assertThat(readAnswer(s)).isEqualTo(expectedAck("0020", "1234"));
    }
    assertThat(bridge.daemon().metrics().render()).contains("limit=\"max_frame_bytes\"} 1");
  }

  @Test
  void retransmissionIsAckedAgainAndStoredOnce() throws Exception {
    byte[] f = frame("0030", "Nri1/BA07");
    try (Socket s = connect()) {
      send(s, f);
      assertThat(readAnswer(s)).isEqualTo(expectedAck("0030", "1234"));
      send(s, f);
      assertThat(readAnswer(s)).isEqualTo(expectedAck("0030", "1234"));
    }
    assertThat(count("SELECT COUNT(*) FROM panel_event WHERE zone_no = 7")).isEqualTo(1);
  }

  @Test
  void udpFrameIsAnsweredToItsSender() throws Exception {
    try (DatagramSocket u = new DatagramSocket()) {
      u.setSoTimeout(5000);
      byte[] f = frame("0040", "Nri1/OP03");
      u.send(
          new DatagramPacket(f, f.length, new InetSocketAddress("127.0.0.1", bridge.dc09Port())));
      DatagramPacket p = new DatagramPacket(new byte[512], 512);
      u.receive(p);
      assertThat(new String(p.getData(), 0, p.getLength(), StandardCharsets.ISO_8859_1))
          .isEqualTo(expectedAck("0040", "1234"));
    }
  }

  @Test
  void twoHundredConcurrentConnectionsAllGetTheirAck() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(50);
    try {
      List<Future<String>> answers = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        String seq = String.format("%04d", 100 + i);
        Callable<String> panel =
            () -> {
              try (Socket s = connect()) {
                send(s, frame(seq, "Nri2/BA" + (i(seq) % 99 + 1)));
                return readAnswer(s);
              }
            };
        answers.add(pool.submit(panel));
      }
      for (int i = 0; i < 200; i++) {
        assertThat(answers.get(i).get())
            .isEqualTo(expectedAck(String.format("%04d", 100 + i), "1234"));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * The journal is the ACK point: a database that cannot take rows delays the copy, never the
   * panel.
   */
  @Test
  void whenTheDatabaseFailsThePanelStillGetsItsAckAndTheEventArrivesLater() throws Exception {
    daemonDatabase("ALTER TABLE panel_event RENAME TO panel_event_broken");
    try (Socket s = connect()) {
      send(s, frame("0050", "Nri1/BA09"));
      assertThat(readAnswer(s)).isEqualTo(expectedAck("0050", "1234"));
    }
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(10))
        .until(() -> bridge.daemon().alerts().isActive(AlertKind.DATABASE_FAILED));
    daemonDatabase("ALTER TABLE panel_event_broken RENAME TO panel_event");
    assertThat(count("SELECT COUNT(*) FROM panel_event WHERE zone_no = 9")).isEqualTo(1);
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(10))
        .until(() -> !bridge.daemon().alerts().isActive(AlertKind.DATABASE_FAILED));
  }

  private static int i(String seq) {
    return Integer.parseInt(seq);
  }

  private Socket connect() throws IOException {
    Socket s = new Socket("127.0.0.1", bridge.dc09Port());
    s.setSoTimeout(5000);
    return s;
  }

  private void daemonDatabase(String sql) throws Exception {
    bridge.daemon().database().execute(sql);
  }

  /** A count in the database, once every acknowledged message has been copied into it. */
  private long count(String sql) throws Exception {
    assertThat(bridge.daemon().journal().awaitAllInDatabase(java.time.Duration.ofSeconds(10)))
        .isTrue();
    try (Connection c = bridge.daemon().database().connection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
