package io.chektbridge.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A config that exists but cannot be read is an error, never the embedded defaults: doctor would
 * otherwise check ports nobody configured and report "No problems found".
 */
class UnreadableConfigTest {
  @TempDir Path dir;

  @Test
  void aDefaultFileThatExistsButCannotBeReadFailsDoctorValidateAndStatus() throws Exception {
    Path notAFile = Files.createDirectories(dir.resolve("bridge.yaml"));

    DoctorCommand doctor = new DoctorCommand();
    doctor.config = defaultAt(notAFile);
    CliRun d = CliRun.of(new CommandLine(doctor));
    ConfigCommand.Validate validate = new ConfigCommand.Validate();
    validate.config = defaultAt(notAFile);
    CliRun v = CliRun.of(new CommandLine(validate));
    StatusCommand status = new StatusCommand();
    status.config = defaultAt(notAFile);
    CliRun s = CliRun.of(new CommandLine(status));

    assertThat(d.exit()).isEqualTo(Main.FAILURE);
    assertThat(d.out())
        .contains("[FAIL] config " + notAFile + ": 1 problem(s)", "cannot read")
        .doesNotContain("No problems found");
    assertThat(v.exit()).isEqualTo(Main.USAGE);
    assertThat(v.err()).contains(notAFile + ": cannot read");
    assertThat(s.exit()).isEqualTo(Main.USAGE);
    assertThat(s.err()).contains(notAFile + ": cannot read");
  }

  @Test
  void aMissingDefaultFileStillMeansEmbeddedDefaults() {
    ConfigOption none = defaultAt(dir.resolve("absent/bridge.yaml"));
    assertThat(none.resolve()).isNull();
  }

  /**
   * A real permission check in a child JVM that may not override file modes, as a non-root
   * installer.
   */
  @Test
  void aConfigInAFolderTheUserMayNotEnterSaysRunWithSudo() throws Exception {
    Path etc = Files.createDirectories(dir.resolve("etc"));
    Path config = etc.resolve("bridge.yaml");
    Files.writeString(config, "partitions:\n  - number: 1\n");
    ChildCli.lockOut(etc, "rwx------");

    for (String[] command :
        List.of(
            new String[] {"config", "validate"},
            new String[] {"doctor"},
            new String[] {"status"})) {
      ChildCli r = ChildCli.unprivileged(config, command);
      assertThat(r.exit()).as(r.output()).isNotZero();
      assertThat(r.output())
          .as(String.join(" ", command))
          .contains(config + ": permission denied: run with sudo")
          .doesNotContain("No problems found", "Exception");
    }
  }

  private static ConfigOption defaultAt(Path file) {
    ConfigOption option = new ConfigOption();
    option.defaultFile = file;
    return option;
  }
}
