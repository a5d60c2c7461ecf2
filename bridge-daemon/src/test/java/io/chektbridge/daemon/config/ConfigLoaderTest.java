package io.chektbridge.daemon.config;

import static io.chektbridge.daemon.config.RefusedYaml.assertNames;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigLoaderTest {
  @TempDir Path dir;

  @Test
  void fullExampleOfDesignLoadsWithEveryValue() throws Exception {
    Path key = secret("keys/1234.key", "000102030405060708090A0B0C0D0E0F");
    Path apiKey = secret("api-key", "chekt_test_0123456789abcdef0123456789abcdef");
    BridgeConfig c =
        parse(
            """
        site:
          id: site_abc123
          timezone: America/Los_Angeles
        cloud:
          base_url: https://api.chektdev.com
          auth:
            type: api_key
            api_key_file: %s
          events_path: /ext/v1/events
        receivers:
          dc09:
            listen: 0.0.0.0:12000
            accounts:
              - account: "1234"
                key_file: %s
                key_format: hex
                time_window: -40s..+20s
                supervision: 25h
            accept_unknown_accounts: false
          serial:
            - port: /dev/ttyUSB0
              baud: 9600
              framing: contactid
        partitions:
          - number: 1
            name: House
            exit_delay: 60s
            entry_delay: 30s
        zones:
          - number: 5
            name: Back Door
            partition: 1
            type: entry_exit
            camera_id: cam_xyz789
        event_map:
          - match: "CID E750"
            meaning: zone_open
        status:
          listen: 127.0.0.1:8089
        storage:
          path: /var/lib/chekt-bridge
        """
                .formatted(apiKey, key));

    assertThat(c.site().id()).isEqualTo("site_abc123");
    assertThat(c.site().timezone().getId()).isEqualTo("America/Los_Angeles");
    assertThat(c.cloudSyncEnabled()).isTrue();
    assertThat(c.cloud().auth().type()).isEqualTo(BridgeConfig.AuthType.API_KEY);
    BridgeConfig.Dc09 dc09 = c.receivers().dc09();
    assertThat(dc09.listen()).isEqualTo(new HostPort("0.0.0.0", 12000));
    assertThat(dc09.accounts())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.account()).isEqualTo("1234");
              assertThat(a.keyFormat()).isEqualTo(io.chektbridge.sia.KeyFormat.HEX);
              assertThat(a.timeWindow())
                  .isEqualTo(new TimeWindow(Duration.ofSeconds(40), Duration.ofSeconds(20)));
              assertThat(a.supervision()).isEqualTo(Duration.ofHours(25));
            });
    assertThat(c.receivers().serial())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.port()).isEqualTo("/dev/ttyUSB0");
              assertThat(s.dataBits()).isEqualTo(8);
              assertThat(s.parity()).isEqualTo(BridgeConfig.Parity.NONE);
              assertThat(s.framing()).isEqualTo(BridgeConfig.Framing.CONTACTID);
            });
    assertThat(c.partitions())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.exitDelay()).isEqualTo(Duration.ofSeconds(60));
              assertThat(p.entryDelay()).isEqualTo(Duration.ofSeconds(30));
            });
    assertThat(c.zones())
        .singleElement()
        .satisfies(
            z -> {
              assertThat(z.type()).isEqualTo(BridgeConfig.ZoneType.ENTRY_EXIT);
              assertThat(z.cameraId()).isEqualTo("cam_xyz789");
            });
    assertThat(c.eventMap())
        .singleElement()
        .satisfies(
            e -> assertThat(e.meaning()).isEqualTo(io.chektbridge.daemon.state.Meaning.ZONE_OPEN));
  }

  @Test
  void emptyFileIsEveryDefault() throws Exception {
    BridgeConfig c = parse("");
    assertThat(c.receivers().dc09().listen()).isEqualTo(new HostPort("127.0.0.1", 12000));
    assertThat(c.receivers().dc09().acceptUnknownAccounts()).isFalse();
    assertThat(c.status().listen()).isEqualTo(new HostPort("127.0.0.1", 8089));
    assertThat(c.storage().path()).isEqualTo(Path.of("/var/lib/chekt-bridge"));
    assertThat(c.cloudSyncEnabled()).isFalse();
  }

  @Test
  void unknownKeyNamesKeyAndLine() {
    ConfigProblem p =
        problem(
            """
        partitions:
          - number: 1
            exit_dealy: 60s
        """);
    assertNames(p, "partitions[0].exit_dealy", 3, "unknown key 'exit_dealy'");
    assertThat(p.message()).contains("exit_delay");
  }

  @Test
  void wrongTypeNamesKeyAndLine() {
    ConfigProblem p =
        problem(
            """
        receivers:
          dc09:
            max_connections: lots
        """);
    assertNames(
        p, "receivers.dc09.max_connections", 3, "wrong type of value: expected a whole number");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "60     | has no unit",
        "60x    | is not a duration",
        "soon   | is not a duration",
      })
  void badDurationNamesKeyAndLine(String value, String expected) {
    ConfigProblem p =
        problem(
            """
        partitions:
          - number: 1
            name: House
            exit_delay: %s
        """
                .formatted(value));
    assertNames(p, "partitions[0].exit_delay", 4, expected);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "localhost:12000   | must name an IP address",
        "127.0.0.1         | is not host:port",
        "127.0.0.1:http    | no numeric port",
        "127.0.0.1:70000   | outside 0..65535",
      })
  void badListenAddressNamesKeyAndLine(String value, String expected) {
    ConfigProblem p =
        problem(
            """
        receivers:
          dc09:
            listen: %s
        """
                .formatted(value));
    assertNames(p, "receivers.dc09.listen", 3, expected);
  }

  @Test
  void cloudSyncOnNeedsSiteIdAndKeyFile() {
    List<ConfigProblem> problems =
        problems(
            """
        cloud:
          auth:
            type: api_key
        """);
    assertThat(problems)
        .extracting(ConfigProblem::key)
        .containsExactlyInAnyOrder("site.id", "cloud.auth.api_key_file");
    assertThat(RefusedYaml.lineOf(problems, "cloud.auth.api_key_file")).isEqualTo(2);
  }

  @Test
  void oauthNeedsItsFourKeys() {
    List<ConfigProblem> problems =
        problems(
            """
        site:
          id: site_1
        cloud:
          auth:
            type: oauth_jwt
        """);
    assertThat(problems)
        .extracting(ConfigProblem::key)
        .containsExactlyInAnyOrder(
            "cloud.auth.client_id",
            "cloud.auth.token_url",
            "cloud.auth.audience",
            "cloud.auth.private_key_file");
  }

  @Test
  void plainHttpCloudOnlyToLoopback() {
    assertThat(problem("cloud:\n  base_url: http://api.example.com\n").key())
        .isEqualTo("cloud.base_url");
  }

  @Test
  void statusOffLoopbackNeedsToken() {
    ConfigProblem p = problem("status:\n  listen: 0.0.0.0:8089\n");
    assertThat(p.key()).isEqualTo("status.listen");
    assertThat(p.message()).contains("token_file");
  }

  @Test
  void worldReadableKeyFileIsRefused() throws Exception {
    Path key = secret("k.key", "000102030405060708090A0B0C0D0E0F");
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
    ConfigProblem p = keyProblem(key, null);
    assertThat(p.key()).isEqualTo("receivers.dc09.accounts[0].key_file");
    assertThat(p.message()).contains("chmod 600");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "hex  | 000102030405060708090A0B0C0D0E   | 32, 48 or 64 hex digits",
        "hex  | 000102030405060708090A0B0C0D0EZZ | not a hex digit",
        "text | short                            | 16, 24 or 32 ASCII characters",
      })
  void keyOfWrongLengthIsRefusedWithoutPrintingIt(String format, String key, String expected)
      throws Exception {
    Path file = secret("k.key", key);
    ConfigProblem p = keyProblem(file, format);
    assertThat(p.message()).contains(expected).doesNotContain(key);
  }

  @Test
  void referencesAreChecked() {
    List<ConfigProblem> problems =
        problems(
            """
        partitions:
          - number: 1
          - number: 1
        zones:
          - number: 5
            partition: 2
          - number: 5
            partition: 1
        receivers:
          dc09:
            accounts:
              - account: "12G4"
        """);
    assertThat(problems)
        .extracting(ConfigProblem::key)
        .containsExactlyInAnyOrder(
            "partitions[1].number",
            "zones[0].partition",
            "zones[1].number",
            "receivers.dc09.accounts[0].account");
    assertThat(RefusedYaml.lineOf(problems, "zones[0].partition")).isEqualTo(6);
  }

  @Test
  void badEnumAndEventMapValues() {
    ConfigProblem zoneType = problem("zones:\n  - number: 1\n    type: door\n");
    assertThat(zoneType.key()).isEqualTo("zones[0].type");
    assertThat(zoneType.message()).contains("entry_exit");
    ConfigProblem match = problem("event_map:\n  - match: \"CID 750\"\n    meaning: zone_open\n");
    assertThat(match.key()).isEqualTo("event_map[0].match");
    ConfigProblem meaning = problem("event_map:\n  - match: \"CID E750\"\n    meaning: open\n");
    assertThat(meaning.key()).isEqualTo("event_map[0].meaning");
    assertThat(meaning.message()).contains("zone_open");
  }

  @Test
  void invalidYamlIsAProblemNotACrash() {
    assertThat(problem("site:\n  id: \"unclosed\n").message()).contains("not valid YAML");
  }

  @Test
  void missingFileIsAProblem() {
    assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("nope.yaml")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("file not found");
  }

  private BridgeConfig parse(String yaml) throws ConfigException {
    return ConfigLoader.parse(yaml, dir);
  }

  private ConfigProblem problem(String yaml) {
    return RefusedYaml.problem(yaml, dir);
  }

  /** The one problem with account 1234's key in {@code keyFile}; a null format is the default. */
  private ConfigProblem keyProblem(Path keyFile, String keyFormat) {
    String yaml =
        """
        receivers:
          dc09:
            accounts:
              - account: "1234"
                key_file: %s
        """
            .formatted(keyFile);
    return problem(keyFormat == null ? yaml : yaml + "        key_format: " + keyFormat + "\n");
  }

  private List<ConfigProblem> problems(String yaml) {
    return RefusedYaml.problems(yaml, dir);
  }

  private Path secret(String name, String content) throws IOException {
    Path file = dir.resolve(name);
    SecretFiles.write(file, content);
    return file;
  }
}
