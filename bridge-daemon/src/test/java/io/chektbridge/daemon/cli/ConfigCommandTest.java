package io.chektbridge.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.chektbridge.daemon.config.SecretFiles;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ConfigCommandTest {
  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void validateReportsEveryProblemWithLineAndExit2() throws Exception {
    Path config = dir.resolve("bridge.yaml");
    Files.writeString(
        config, "zones:\n  - number: 5\n    partition: 3\npartitions:\n  - number: 1\n");
    assertThat(run("config", "validate", "--config", config.toString())).isEqualTo(2);
    assertThat(err.toString())
        .contains("line 3: zones[0].partition: partition 3 is not in the partitions list");
  }

  @Test
  void validateListsEveryTypeErrorUnknownKeyAndBadValueInOneRun() throws Exception {
    Path config = dir.resolve("bridge.yaml");
    Files.writeString(
        config,
        """
        partitions:
          - number: one
            exit_delay: 60
            exit_dealy: 30s
        zones:
          - number: 5
            partition: 3
            bypassed: maybe
        status:
          listen: nowhere
        """);

    assertThat(run("config", "validate", "--config", config.toString())).isEqualTo(2);

    assertThat(err.toString())
        .contains(
            "5 problems",
            "line 2: partitions[0].number: wrong type of value: expected a whole number",
            "line 3: partitions[0].exit_delay: '60' has no unit",
            "line 4: partitions[0].exit_dealy: unknown key 'exit_dealy'",
            "line 8: zones[0].bypassed: unknown key 'bypassed'",
            "line 10: status.listen: ");
  }

  @Test
  void validateRefusesEveryKeyWrittenTwiceWithBothLines() throws Exception {
    Path config = dir.resolve("bridge.yaml");
    Files.writeString(
        config,
        """
        receivers:
          dc09:
            listen: 0.0.0.0:12000
        partitions:
          - number: 1
            name: House
            name: Shop
        receivers:
          dc09:
            listen: 127.0.0.1:12000
        """);

    assertThat(run("config", "validate", "--config", config.toString())).isEqualTo(2);

    assertThat(err.toString())
        .contains(
            "line 7: partitions[0].name: 'name' is written twice in this section (first on line 6)")
        .contains(
            "line 8: receivers: 'receivers' is written twice in this section (first on line 1)");
  }

  @Test
  void validateOkSummarizes() throws Exception {
    Path config = dir.resolve("bridge.yaml");
    Files.writeString(config, "partitions:\n  - number: 1\nzones:\n  - number: 5\n");
    assertThat(run("config", "validate", "-c", config.toString())).isZero();
    assertThat(out.toString()).contains("OK").contains("1 partitions, 1 zones, cloud sync off");
  }

  @Test
  void showPrintsDefaultsButNeverTheSecret() throws Exception {
    Path key = dir.resolve("1234.key");
    SecretFiles.write(key, "SuperSecretKey16");
    Path config = dir.resolve("bridge.yaml");
    Files.writeString(
        config,
        """
        receivers:
          dc09:
            accounts:
              - account: "1234"
                key_file: %s
                key_format: text
        """
            .formatted(key));
    assertThat(run("config", "show", "--config", config.toString())).isZero();
    assertThat(out.toString())
        .contains("key_file: \"" + key + "\"")
        .contains("time_window: \"-40s..+20s\"")
        .contains("listen: \"127.0.0.1:8089\"")
        .doesNotContain("SuperSecretKey16");
  }

  @Test
  void versionAndUsage() {
    assertThat(run("--version")).isZero();
    assertThat(out.toString()).contains("chekt-bridge 1.0.0");
    assertThat(run("no-such-command")).isEqualTo(2);
  }
}
