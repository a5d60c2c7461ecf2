package io.chektbridge.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A config that exists but cannot be read is an error, never the embedded defaults: doctor would
 * otherwise check ports nobody configured and report "No problems found".
 */
class UnreadableConfigTest {
  @TempDir
  Path dir;

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
    assertThat(d.out()).contains("[FAIL] config " + notAFile + ": 1 problem(s)", "cannot read")
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

  /** A real permission check in a child JVM that may not override file modes, as a non-root installer. */
  @Test
  void aConfigInAFolderTheUserMayNotEnterSaysRunWithSudo() throws Exception {
    Path etc = Files.createDirectories(dir.resolve("etc"));
    Path config = etc.resolve("bridge.yaml");
    Files.writeString(config, "partitions:\n  - number: 1\n");
    lockOut(etc);

    for (String[] command : List.of(new String[] {"config", "validate"}, new String[] {"doctor"},
        new String[] {"status"})) {
      ChildRun r = runUnprivileged(command, config);
      assertThat(r.exit()).as(r.output()).isNotZero();
      assertThat(r.output()).as(String.join(" ", command))
          .contains(config + ": permission denied: run with sudo")
          .doesNotContain("No problems found", "Exception");
    }
  }

  private static ConfigOption defaultAt(Path file) {
    ConfigOption option = new ConfigOption();
    option.defaultFile = file;
    return option;
  }

  /** As root: give the folder to nobody, mode 0700. As anyone else: mode 000. */
  private static void lockOut(Path folder) throws IOException {
    if (isRoot()) {
      UserPrincipalLookupService users = folder.getFileSystem().getUserPrincipalLookupService();
      Files.setOwner(folder, users.lookupPrincipalByName("nobody"));
      Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
    } else {
      Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("---------"));
    }
  }

  private static boolean isRoot() throws IOException {
    return "root".equals(Files.getOwner(Path.of("/proc/self")).getName());
  }

  private record ChildRun(int exit, String output) {
  }

  /**
   * The CLI in a child JVM through the config in $CHEKT_BRIDGE_CONFIG. Root keeps its uid (the test
   * classpath stays readable) but loses the capabilities that bypass file modes, as with setpriv(1).
   */
  private ChildRun runUnprivileged(String[] args, Path config) throws Exception {
    List<String> cmd = new ArrayList<>();
    if (isRoot()) {
      cmd.addAll(List.of("setpriv", "--inh-caps=-dac_override,-dac_read_search",
          "--bounding-set=-dac_override,-dac_read_search"));
    }
    cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
        "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("CHEKT_BRIDGE_CONFIG", config.toString());
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new ChildRun(p.exitValue(), output);
  }
}
