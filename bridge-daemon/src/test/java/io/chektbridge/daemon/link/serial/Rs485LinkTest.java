package io.chektbridge.daemon.link.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fazecast.jSerialComm.SerialPort;
import io.chektbridge.contactid.ContactIdFormatter;
import io.chektbridge.contactid.ContactIdMessage;
import io.chektbridge.contactid.ContactIdQualifier;
import io.chektbridge.daemon.testing.LinkTestBed;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RS-485 mode over real pseudo-terminals: what jSerialComm is told, and a bus that echoes our
 * answers.
 */
class Rs485LinkTest {
  private static final Duration ANSWER_WAIT = Duration.ofSeconds(2);

  @TempDir Path dir;

  private LinkTestBed bed;

  @AfterEach
  void stop() throws Exception {
    if (bed != null) {
      bed.close();
    }
  }

  @Test
  void theConfiguredLineAndRs485SettingsAreWhatThePortReports() throws Exception {
    try (PtyPair pty = new PtyPair(dir).plugIn()) {
      SerialLink link =
          startLink(
              """
            serial:
              - port: %s
                baud: 19200
                data_bits: 7
                parity: even
                stop_bits: 2
                rs485: true
                rs485_rts_active_high: false
                rs485_delay_before_send: 1ms
                rs485_delay_after_send: 2ms
          """
                  .formatted(pty.bridgeEnd));
      await().atMost(Duration.ofSeconds(10)).until(link::connected);
      SerialPort port = link.currentPort();
      assertThat(port.getBaudRate()).isEqualTo(19200);
      assertThat(port.getNumDataBits()).isEqualTo(7);
      assertThat(port.getParity()).isEqualTo(SerialPort.EVEN_PARITY);
      assertThat(port.getNumStopBits()).isEqualTo(SerialPort.TWO_STOP_BITS);
      // jSerialComm 2.11.4 has no public getters for its RS-485 settings: read what it will hand
      // the driver
      assertThat(field(port, "rs485Mode")).isEqualTo(true);
      assertThat(field(port, "rs485ActiveHigh")).isEqualTo(false);
      assertThat(field(port, "rs485DelayBefore")).isEqualTo(1000);
      assertThat(field(port, "rs485DelayAfter")).isEqualTo(2000);
      assertThat(field(port, "rs485RxDuringTx")).isEqualTo(false);
    }
  }

  @Test
  void onAnEchoingBusOurOwnAckIsNotReadAsPanelTraffic() throws Exception {
    try (Rs485Bus bus = Rs485Bus.echoing(dir)) {
      SerialLink link = startLink(serialOn(bus, true));
      await().atMost(Duration.ofSeconds(10)).until(link::connected);
      for (int zone = 1; zone <= 4; zone++) {
        assertThat(bus.panelSends(cid(zone) + "\r", ANSWER_WAIT))
            .as("answer to zone " + zone)
            .isEqualTo("\u0006");
      }
    }
    assertThat(bed.rows("SELECT zone_no FROM panel_event ORDER BY id"))
        .containsExactly("1", "2", "3", "4");
    assertThat(bed.rows("SELECT error FROM inbound_message WHERE error IS NOT NULL")).isEmpty();
  }

  /** The control: the same bus without RS-485 mode garbles the line after every answer. */
  @Test
  void withoutRs485ModeTheEchoCorruptsTheNextLine() throws Exception {
    try (Rs485Bus bus = Rs485Bus.echoing(dir)) {
      SerialLink link = startLink(serialOn(bus, false));
      await().atMost(Duration.ofSeconds(10)).until(link::connected);
      assertThat(bus.panelSends(cid(1) + "\r", ANSWER_WAIT)).isEqualTo("\u0006");
      assertThat(bus.panelSends(cid(2) + "\r", ANSWER_WAIT)).isEqualTo("\u0015");
    }
    assertThat(bed.rows("SELECT error FROM inbound_message WHERE error IS NOT NULL"))
        .containsExactly("wrong_length");
  }

  private static String serialOn(Rs485Bus bus, boolean rs485) {
    return """
          serial:
            - port: %s
              rs485: %s
        """
        .formatted(bus.bridgeEnd, rs485);
  }

  private SerialLink startLink(String receivers) throws Exception {
    bed = new LinkTestBed(dir, receivers);
    SerialLinks links =
        bed.own(
            SerialLinks.start(bed.config.receivers().serial(), bed.context(), LinkTestBed.FAST));
    return links.links().get(0);
  }

  private static String cid(int zone) {
    return ContactIdFormatter.format(
        new ContactIdMessage("5678", 18, ContactIdQualifier.NEW_EVENT, 130, 1, zone));
  }

  private static Object field(SerialPort port, String name) throws ReflectiveOperationException {
    Field f = SerialPort.class.getDeclaredField(name);
    f.setAccessible(true);
    return f.get(port);
  }
}
