package io.chektbridge.daemon.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The CLI in a child JVM on the test classpath, its config from $CHEKT_BRIDGE_CONFIG, stdout and
 * stderr together. {@link #unprivileged} runs it as an installer without root's power over file
 * modes: root keeps its uid (the test classpath stays readable) but loses the capabilities that
 * bypass them, as with setpriv(1), so permission tests also run on a CI box that builds as root.
 */
record ChildCli(int exit, String output) {
  private static final long TIMEOUT_SECONDS = 30;

  static ChildCli run(Path config, String... args) throws Exception {
    return run(List.of(), config, args);
  }

  static ChildCli unprivileged(Path config, String... args) throws Exception {
    return run(
        isRoot()
            ? List.of(
                "setpriv",
                "--inh-caps=-dac_override,-dac_read_search",
                "--bounding-set=-dac_override,-dac_read_search")
            : List.of(),
        config,
        args);
  }

  /**
   * Gives {@code folder} mode {@code mode} and makes {@link #unprivileged} runs one of the
   * "others": as root by giving the folder to nobody, as anyone else by giving the owner the
   * others' rights.
   */
  static void lockOut(Path folder, String mode) throws IOException {
    if (isRoot()) {
      UserPrincipalLookupService users = folder.getFileSystem().getUserPrincipalLookupService();
      Files.setOwner(folder, users.lookupPrincipalByName("nobody"));
      Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString(mode));
    } else {
      Files.setPosixFilePermissions(
          folder, PosixFilePermissions.fromString(mode.substring(6) + mode.substring(3)));
    }
  }

  /** The CLI run under {@code prefix}, a command (such as setpriv) that runs the rest. */
  static ChildCli run(List<String> prefix, Path config, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(prefix);
    cmd.addAll(
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx64m",
            "-XX:TieredStopAtLevel=1",
            "-cp",
            System.getProperty("java.class.path"),
            Main.class.getName()));
    cmd.addAll(List.of(args));
    Path log = Files.createTempFile("child-cli", ".log");
    try {
      ProcessBuilder pb =
          new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
      pb.environment().put("CHEKT_BRIDGE_CONFIG", config.toString());
      pb.environment().remove("JOURNAL_STREAM");
      Process p = pb.start();
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor();
        throw new AssertionError(
            "still running after " + TIMEOUT_SECONDS + " s: " + cmd + "\n" + Files.readString(log));
      }
      return new ChildCli(p.exitValue(), Files.readString(log));
    } finally {
      Files.delete(log);
    }
  }

  private static boolean isRoot() throws IOException {
    return "root".equals(Files.getOwner(Path.of("/proc/self")).getName());
  }
}
