package io.chektbridge.daemon.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The serial and serial-over-TCP keys: defaults, answers as YAML writes them, and refusals that
 * name the key.
 */
class PanelLinkConfigTest {
  @TempDir Path dir;

  @Test
  void defaultsAndAnswersWrittenTheWayInstallersDo() throws Exception {
    BridgeConfig c =
        ConfigLoader.parse(
            """
        receivers:
          serial:
            - port: /dev/ttyUSB0
            - port: /dev/ttyUSB1
              ack: OK
              nak: ""
              rs485: true
              rs485_rts_active_high: false
              rs485_delay_before_send: 1ms
          tcp_links:
            - name: nport-1
              transport: tcp-client
              address: 192.0.2.10:4001
              ack: "\\x06\\r"
        """,
            dir);
    BridgeConfig.SerialLink plain = c.receivers().serial().get(0);
    assertThat(plain.ack().bytes()).containsExactly(0x06);
    assertThat(plain.nak().bytes()).containsExactly(0x15);
    assertThat(plain.rs485()).isFalse();
    assertThat(plain.rs485RtsActiveHigh()).isTrue();
    BridgeConfig.SerialLink bus = c.receivers().serial().get(1);
    assertThat(bus.ack().bytes()).containsExactly('O', 'K');
    assertThat(bus.nak().isEmpty()).isTrue();
    assertThat(bus.rs485RtsActiveHigh()).isFalse();
    assertThat(bus.rs485DelayBeforeSend()).isEqualTo(Duration.ofMillis(1));
    BridgeConfig.TcpLink tcp = c.receivers().tcpLinks().get(0);
    assertThat(tcp.ack().bytes()).containsExactly(0x06, '\r');
    assertThat(tcp.ack()).hasToString("\\x06\\x0D");
    assertThat(tcp.supervision()).isEqualTo(Duration.ofMinutes(5));
    assertThat(tcp.keepalive()).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void badValuesAreRefusedByKey() {
    List<ConfigProblem> problems =
        problems(
            """
        receivers:
          serial:
            - port: /dev/ttyUSB0
              rs485_delay_after_send: 1s
          tcp_links:
            - name: "bad name"
              transport: tcp-client
              address: 192.0.2.10:4001
              keepalive: 0s
              account: "12"
            - name: twin
              transport: tcp-server
              address: 127.0.0.1:4001
            - name: twin
              transport: tcp-server
              address: nas.local:4002
        """);
    assertThat(problems)
        .extracting(ConfigProblem::key)
        .containsExactlyInAnyOrder(
            "receivers.serial[0].rs485_delay_after_send",
            "receivers.tcp_links[0].name",
            "receivers.tcp_links[0].keepalive",
            "receivers.tcp_links[0].account",
            "receivers.tcp_links[2].name",
            "receivers.tcp_links[2].address");
  }

  @Test
  void anAnswerThatIsNotBytesNamesItsKeyAndLine() {
    ConfigProblem p =
        RefusedYaml.problem(
            """
        receivers:
          serial:
            - port: /dev/ttyUSB0
              ack: "ÄCK€"
        """,
            dir);
    RefusedYaml.assertNames(p, "receivers.serial[0].ack", 4, "not a single byte");
  }

  private List<ConfigProblem> problems(String yaml) {
    return RefusedYaml.problems(yaml, dir);
  }
}
