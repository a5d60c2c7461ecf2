package io.chektbridge.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.chektbridge.daemon.store.DamagedFiles;
import io.chektbridge.daemon.testing.DaemonProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backup survives a power cut right after it was written: its contents reach the disk before its
 * name does, and its name (the folder) before the command says it is done, which is also before the
 * daemon drops an older backup. A power cut cannot be made on a build machine, so the test watches
 * the system calls of a real {@code storage backup} with strace(1): fsync of the written file, then
 * the rename, then fsync of the folder.
 */
class BackupOnDiskTest {
  @TempDir Path dir;

  @Test
  void theBackupIsSyncedBeforeItIsNamedAndItsFolderAfter() throws Exception {
    assumeTrue(straceRuns(), "strace cannot trace a child process here");
    Path data = dir.resolve("data");
    DamagedFiles.withPendingOutbox(data, 200);
    Path folder = Files.createDirectories(dir.resolve("backups"));
    Path zip = folder.resolve("copy.zip");
    Path trace = dir.resolve("trace.txt");

    ChildCli r =
        ChildCli.under(
            List.of(
                "strace",
                "-f",
                "-y",
                "-qq",
                "-e",
                "signal=none",
                "--seccomp-bpf",
                "-e",
                "trace=fsync,fdatasync,rename,renameat,renameat2",
                "-o",
                trace.toString()),
            DaemonProcess.config(dir).storage(data).write(),
            "storage",
            "backup",
            zip.toString());

    assertThat(r.exit()).as(r.output()).isEqualTo(Main.OK);
    List<String> calls = Files.readAllLines(trace);
    int fileSynced = first(calls, "sync(", "<" + zip + ".part>) = 0", 0);
    int renamed = first(calls, "rename", "\"" + zip + ".part\", ", 0);
    int folderSynced = first(calls, "sync(", "<" + folder + ">) = 0", renamed);
    assertThat(fileSynced).as("the zip synced before its rename: %s", calls).isBetween(0, renamed);
    assertThat(calls.get(renamed)).endsWith("\"" + zip + "\") = 0");
    assertThat(folderSynced).as("the folder synced after the rename: %s", calls).isPositive();
  }

  /** The first line from {@code from} on holding both parts, or -1. */
  private static int first(List<String> lines, String call, String argument, int from) {
    for (int i = from; i < lines.size(); i++) {
      if (lines.get(i).contains(call) && lines.get(i).contains(argument)) {
        return i;
      }
    }
    return -1;
  }

  private static boolean straceRuns() throws Exception {
    try {
      Process p =
          new ProcessBuilder("strace", "-f", "-qq", "-o", "/dev/null", "true")
              .redirectErrorStream(true)
              .start();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (java.io.IOException e) {
      return false;
    }
  }
}
