package io.chektbridge.daemon.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Puts a file written aside in its place so that a power cut leaves the old file or the whole new
 * one: the contents are synced before the rename, and the folder after it. A rename alone is
 * journaled by ext4 before the data it names reaches the disk, so a cut just after it can leave the
 * new name on an empty or partly written file.
 */
final class DurableFiles {
  private DurableFiles() {}

  /**
   * Syncs {@code temp}, renames it to {@code target} (replacing it) and syncs the folder. Only a
   * regular file is synced: a named pipe (a test holds a backup mid-copy with one) has nothing to
   * sync, and opening it again to write would wait for a reader that has gone.
   */
  static void publish(Path temp, Path target) throws IOException {
    if (Files.isRegularFile(temp)) {
      try (FileChannel written = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        written.force(true);
      }
    }
    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    try (FileChannel folder =
        FileChannel.open(target.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
      folder.force(true);
    }
  }
}
