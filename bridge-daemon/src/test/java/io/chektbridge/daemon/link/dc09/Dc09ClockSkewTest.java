package io.chektbridge.daemon.link.dc09;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chektbridge.daemon.testing.LinkTestBed;
import io.chektbridge.daemon.testing.PanelSocket;
import io.chektbridge.sia.Dc09Answer;
import io.chektbridge.sia.Dc09Encoder;
import io.chektbridge.sia.Dc09Token;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 9, panel clocks: a DC-09 frame's timestamp must lie within −40 s/+20 s of the receiver's
 * time. A skewed panel gets a NAK carrying the receiver's time, resyncs from it, and is then
 * accepted; after the host clock is stepped, the window and the NAK use the new host time.
 */
class Dc09ClockSkewTest {
  @TempDir Path dir;
  private LinkTestBed bed;
  private Dc09Exchange exchange;
  private int sequence;

  @BeforeEach
  void setUp() throws Exception {
    bed =
        new LinkTestBed(
            dir,
            """
          dc09:
            accounts:
              - account: "1234"
        """);
    exchange = Dc09Exchange.of("dc09-tcp", bed.context());
  }

  @AfterEach
  void tearDown() throws Exception {
    bed.close();
  }

  /** Sends one frame stamped {@code panelTime} and returns the receiver's answer. */
  private Dc09Answer send(Instant panelTime) throws Exception {
    String seq = String.format("%04d", ++sequence);
    byte[] frame =
        Dc09Encoder.encode(
            Dc09Token.SIA_DCS,
            seq,
            null,
            "0",
            "1234",
            "#1234|Nri1/BA" + sequence,
            List.of(),
            panelTime,
            null);
    List<byte[]> answers = new CopyOnWriteArrayList<>();
    exchange.handle(frame, "dc09-tcp", "127.0.0.1:40000", answers::add);
    await().atMost(Duration.ofSeconds(5)).until(() -> !answers.isEmpty());
    Dc09Answer a = PanelSocket.answer(answers.get(0));
    assertThat(a.sequence())
        .as("an ACK echoes the sequence, a NAK carries 0000")
        .isEqualTo(a.token() == Dc09Token.ACK ? seq : "0000");
    return a;
  }

  @ParameterizedTest
  @ValueSource(longs = {-40, 0, 20})
  void aPanelWithinTheWindowIsAcknowledged(long skewSeconds) throws Exception {
    assertThat(send(bed.clock.instant().plusSeconds(skewSeconds)).token()).isEqualTo(Dc09Token.ACK);
  }

  @ParameterizedTest
  @ValueSource(longs = {-41, 21, -3600, 86_400})
  void aSkewedPanelGetsANakWithTheReceiversTimeAndIsAcceptedOnceItResyncs(long skewSeconds)
      throws Exception {
    Dc09Answer nak = send(bed.clock.instant().plusSeconds(skewSeconds));
    assertThat(nak.token()).isEqualTo(Dc09Token.NAK);
    assertThat(nak.timestamp())
        .as("the receiver's time, for the panel to resync")
        .isEqualTo(bed.clock.instant());

    assertThat(send(nak.timestamp()).token()).isEqualTo(Dc09Token.ACK);
    assertThat(bed.rows("SELECT error FROM inbound_message ORDER BY id"))
        .containsExactly("timestamp_out_of_window", null);
  }

  @ParameterizedTest
  @ValueSource(strings = {"PT1H", "-PT1H", "P1D"})
  void afterAHostStepTheWindowAndTheNakFollowTheNewHostTime(String stepText) throws Exception {
    Instant before = bed.clock.instant();
    assertThat(send(before).token()).isEqualTo(Dc09Token.ACK);

    bed.clock.stepWallClock(Duration.parse(stepText));
    bed.clock.advance(Duration.ofSeconds(5));
    Instant after = bed.clock.instant();
    Dc09Answer nak = send(before.plusSeconds(5));
    assertThat(nak.token())
        .as("the panel still on the old time is outside the new window")
        .isEqualTo(Dc09Token.NAK);
    assertThat(nak.timestamp()).isEqualTo(after);
    assertThat(send(nak.timestamp()).token()).isEqualTo(Dc09Token.ACK);

    assertThat(receivedAt())
        .as("received_at follows the stepped wall clock")
        .containsExactly(before, after, after);
    assertThat(bed.rows("SELECT error FROM inbound_message ORDER BY id"))
        .containsExactly(null, "timestamp_out_of_window", null);
  }

  private List<Instant> receivedAt() throws Exception {
    List<Instant> out = new ArrayList<>();
    try (Connection c = bed.database.connection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT received_at FROM inbound_message ORDER BY id")) {
      while (rs.next()) {
        out.add(rs.getObject(1, OffsetDateTime.class).toInstant());
      }
    }
    return out;
  }

  @Test
  void aPanelThatSendsNoTimestampIsNotHeldToTheWindow() throws Exception {
    bed.clock.stepWallClock(Duration.ofDays(1));
    assertThat(send(null).token()).isEqualTo(Dc09Token.ACK);
  }
}
