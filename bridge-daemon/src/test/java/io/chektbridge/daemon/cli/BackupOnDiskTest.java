package io.chektbridge.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.chektbridge.daemon.store.DamagedFiles;
import io.chektbridge.daemon.testing.DaemonProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backup survives a power cut right after it was written: its contents reach the disk before its
 * name does, and its name (the folder) before the command says it is done, which is also before the
 * daemon drops an older backup. A power cut cannot be made on a build machine, so the test watches
 * the system calls of a real {@code storage backup} with strace(1): fsync of the written file, then
 * the rename, then fsync of the folder, all on the thread that wrote the backup.
 */
class BackupOnDiskTest {
  /** The system calls watched, and how strace is told to show them (paths for descriptors). */
  private static final List<String> STRACE =
      List.of(
          "strace",
          "-ff",
          "-y",
          "-qq",
          "-e",
          "signal=none",
          "--seccomp-bpf",
          "-e",
          "trace=fsync,fdatasync,rename,renameat,renameat2");

  @TempDir Path dir;

  @Test
  void theBackupIsSyncedBeforeItIsNamedAndItsFolderAfter() throws Exception {
    assumeTrue(straceRuns(dir.resolve("probe")), "strace cannot trace a child process here");
    Path data = dir.resolve("data");
    DamagedFiles.withPendingOutbox(data, 200);
    Path folder = Files.createDirectories(dir.resolve("backups")).toRealPath();
    Path zip = folder.resolve("copy.zip");
    Path traces = Files.createDirectories(dir.resolve("traces"));
    List<String> strace = new ArrayList<>(STRACE);
    strace.addAll(List.of("-o", traces.resolve("t").toString()));

    ChildCli r =
        ChildCli.run(
            strace,
            DaemonProcess.config(dir).storage(data).write(),
            "storage",
            "backup",
            zip.toString());

    assertThat(r.exit()).as(r.output()).isEqualTo(Main.OK);
    Pattern rename =
        Pattern.compile(
            "^rename\\w*\\((AT_FDCWD, )?\""
                + Pattern.quote(zip + ".part")
                + "\", (AT_FDCWD, )?\""
                + Pattern.quote(zip.toString())
                + "\"(, \\w+)?\\) = 0$");
    List<String> calls = threadThatRenamed(traces, rename);
    int renamed = first(calls, rename, 0);
    int fileSynced = first(calls, synced(zip + ".part"), 0);
    int folderSynced = first(calls, synced(folder.toString()), renamed);
    assertThat(fileSynced).as("the zip synced before its rename: %s", calls).isBetween(0, renamed);
    assertThat(folderSynced).as("the folder synced after the rename: %s", calls).isPositive();
  }

  /** The calls of the one thread (strace -ff writes a file per thread) that made the rename. */
  private static List<String> threadThatRenamed(Path traces, Pattern rename) throws IOException {
    List<List<String>> found = new ArrayList<>();
    try (Stream<Path> files = Files.list(traces)) {
      for (Path f : files.toList()) {
        List<String> calls = Files.readAllLines(f);
        if (first(calls, rename, 0) >= 0) {
          found.add(calls);
        }
      }
    }
    assertThat(found).as("one thread renamed the zip into place").hasSize(1);
    return found.get(0);
  }

  private static Pattern synced(String path) {
    return Pattern.compile("^f(data)?sync\\(\\d+<" + Pattern.quote(path) + ">\\) = 0$");
  }

  /** The first line from {@code from} on that matches, or -1. */
  private static int first(List<String> lines, Pattern pattern, int from) {
    for (int i = from; i < lines.size(); i++) {
      if (pattern.matcher(lines.get(i)).matches()) {
        return i;
      }
    }
    return -1;
  }

  private static boolean straceRuns(Path output) throws Exception {
    List<String> probe = new ArrayList<>(STRACE);
    probe.addAll(List.of("-o", output.toString(), "true"));
    try {
      Process p = new ProcessBuilder(probe).redirectErrorStream(true).start();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return false;
      }
      return p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    }
  }
}
