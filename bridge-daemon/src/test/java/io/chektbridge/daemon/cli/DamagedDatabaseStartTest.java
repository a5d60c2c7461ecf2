package io.chektbridge.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.chektbridge.daemon.store.DamagedFiles;
import io.chektbridge.daemon.store.DamagedFiles.Kind;
import io.chektbridge.daemon.testing.DaemonProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code run} on a damaged database, as systemd starts it: exit status 3 (the unit's
 * RestartPreventExitStatus, so no restart loop), one ERROR line naming the file and {@code storage
 * recover}, no stack trace, and the file left exactly as it was.
 */
class DamagedDatabaseStartTest {
  private static final String RECOVER =
      "; not starting over with an empty database: stop the service and salvage "
          + "it with: chekt-bridge storage recover";

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(Kind.class)
  void aDamagedDatabaseIsRefusedInOneLineWithItsOwnExitStatus(Kind kind) throws Exception {
    Path data = dir.resolve("data");
    Path file = DamagedFiles.withPendingOutbox(data, 5000);
    DamagedFiles.damage(file, kind);
    long before = java.util.Arrays.hashCode(Files.readAllBytes(file));

    ChildCli r = ChildCli.run(config(data), "run");

    String line = refusal(r);
    assertThat(line)
        .contains("chekt-bridge could not start: database " + file + " ")
        .endsWith(RECOVER);
    assertThat(java.util.Arrays.hashCode(Files.readAllBytes(file)))
        .as("the damaged file is left as it was")
        .isEqualTo(before);
    System.out.printf("DamagedDatabaseStartTest %s: exit %d: %s%n", kind, r.exit(), line);
  }

  @Test
  void aReadOnlyDatabaseIsRefusedWithTheFix() throws Exception {
    Path data = dir.resolve("data");
    Path file = DamagedFiles.withPendingOutbox(data, 10);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--r--r--"));

    ChildCli r = ChildCli.unprivileged(config(data), "run");

    assertThat(refusal(r))
        .contains("chekt-bridge could not start: database " + file + " is read-only for user ")
        .contains("; fix: sudo chown ");
  }

  /**
   * Under systemd the line carries journald's error priority, so {@code journalctl -p err} shows
   * it.
   */
  @Test
  void underSystemdTheRefusalIsLoggedAtErrorPriority() throws Exception {
    Path data = dir.resolve("data");
    DamagedFiles.damage(DamagedFiles.withPendingOutbox(data, 10), Kind.ZERO_LENGTH);

    try (DaemonProcess daemon =
        DaemonProcess.start(
            dir,
            java.util.Map.of("JOURNAL_STREAM", "8:12345"),
            "run",
            "--config",
            config(data).toString())) {
      assertThat(daemon.process().waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      assertThat(daemon.process().exitValue()).isEqualTo(Main.DATABASE_REFUSED);
      assertThat(daemon.log())
          .containsPattern(
              "(?m)^<3>ERROR \\[main\\] RunCommand: chekt-bridge could not start: "
                  + "database .* is empty")
          .containsPattern("(?m)^<6>INFO ");
    }
  }

  @Test
  void theUnitDoesNotRestartOnThatStatus() throws Exception {
    assertThat(Files.readAllLines(Path.of("..", "systemd", "chekt-bridge.service")))
        .contains("RestartPreventExitStatus=" + Main.DATABASE_REFUSED);
  }

  private static String refusal(ChildCli r) {
    assertThat(r.exit()).as(r.output()).isEqualTo(Main.DATABASE_REFUSED);
    assertThat(r.output()).as("no stack trace").doesNotContain("\tat ", "Exception");
    return assertThatOneErrorLine(r);
  }

  private static String assertThatOneErrorLine(ChildCli r) {
    var errors = r.output().lines().filter(l -> l.contains("ERROR")).toList();
    assertThat(errors).as(r.output()).hasSize(1);
    return errors.get(0);
  }

  private Path config(Path data) throws Exception {
    return DaemonProcess.config(dir).storage(data).write();
  }
}
