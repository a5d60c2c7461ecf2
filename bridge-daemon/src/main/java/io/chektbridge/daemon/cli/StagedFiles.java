package io.chektbridge.daemon.cli;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Files written into a private folder inside the target folder first, then moved into place
 * together. Until {@link #commit} nothing outside the staging folder changes, and a failed commit
 * puts back what it replaced: a live config and its keys are either all old or all new, because a
 * new config beside an old key is a panel that gets {@code decrypt_failed}. Every file replaced
 * keeps a {@code .bak} copy.
 */
final class StagedFiles implements AutoCloseable {
  static final String BACKUP_SUFFIX = ".bak";

  private final Path targetDir;
  private final Path stagingDir;

  /** Relative name → staged file, in commit order. */
  private final Map<String, Path> staged = new LinkedHashMap<>();

  private StagedFiles(Path targetDir, Path stagingDir) {
    this.targetDir = targetDir;
    this.stagingDir = stagingDir;
  }

  /**
   * A staging folder (0700) in {@code targetDir}: same file system, so the final moves are renames.
   */
  static StagedFiles in(Path targetDir) throws IOException {
    Files.createDirectories(targetDir);
    Path staging =
        Files.createTempDirectory(
            targetDir,
            ".init-",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    return new StagedFiles(targetDir, staging);
  }

  /** Where a staged file is, for checks that need to read it before the commit. */
  Path stagingDir() {
    return stagingDir;
  }

  /**
   * Writes {@code relative} in the staging folder with {@code mode} (e.g. rw-------) from its
   * creation on.
   */
  Path stage(String relative, String text, String mode) throws IOException {
    Path file = stagingDir.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.createFile(
        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode)));
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.write(StandardCharsets.UTF_8.encode(text));
      ch.force(true);
    }
    staged.put(relative, file);
    return file;
  }

  /**
   * Moves every staged file over its target, in staging order; on a failure the replaced files come
   * back.
   */
  void commit() throws IOException {
    Map<Path, Boolean> moved = new LinkedHashMap<>();
    try {
      for (Map.Entry<String, Path> s : staged.entrySet()) {
        Path target = targetDir.resolve(s.getKey());
        Files.createDirectories(target.getParent());
        boolean replaces = Files.exists(target);
        if (replaces) {
          Files.copy(
              target,
              backupOf(target),
              StandardCopyOption.REPLACE_EXISTING,
              StandardCopyOption.COPY_ATTRIBUTES);
        }
        Files.move(
            s.getValue(),
            target,
            StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
        moved.put(target, replaces);
      }
    } catch (IOException e) {
      undo(moved, e);
      throw e;
    }
  }

  /** Puts back each moved target: its backup when it replaced a file, else nothing. */
  private static void undo(Map<Path, Boolean> moved, IOException cause) {
    moved.forEach(
        (target, replaced) -> {
          try {
            if (replaced) {
              Files.copy(
                  backupOf(target),
                  target,
                  StandardCopyOption.REPLACE_EXISTING,
                  StandardCopyOption.COPY_ATTRIBUTES);
            } else {
              Files.delete(target);
            }
          } catch (IOException e) {
            cause.addSuppressed(e);
          }
        });
  }

  static Path backupOf(Path target) {
    return target.resolveSibling(target.getFileName() + BACKUP_SUFFIX);
  }

  /** Removes the staging folder and whatever was staged but not committed. */
  @Override
  public void close() throws IOException {
    try (Stream<Path> files = Files.walk(stagingDir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
