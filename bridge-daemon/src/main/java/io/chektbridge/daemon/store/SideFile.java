package io.chektbridge.daemon.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * A one-line text file beside the database, written aside, synced and renamed, so a crash or a
 * power cut leaves the old or the new line whole, never half of one, and a written line stays.
 */
final class SideFile {
  private final Path file;

  SideFile(Path directory, String name) {
    this.file = directory.toAbsolutePath().resolve(name);
  }

  Path path() {
    return file;
  }

  boolean exists() {
    return Files.exists(file);
  }

  /** The line, or empty when there is no file; a file that cannot be read throws. */
  Optional<String> read() throws IOException {
    try {
      return Optional.of(Files.readString(file, StandardCharsets.UTF_8).strip());
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  /**
   * Replaces the line. When writing the new one or renaming it into place fails, the old file stays
   * as it was, and no {@code .tmp} is left beside the database for an installer to wonder about (a
   * failure to sync the folder after the rename leaves the new line in place, not yet durable).
   */
  void write(String line) throws IOException {
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      try (FileChannel ch =
          FileChannel.open(
              temp,
              StandardOpenOption.CREATE,
              StandardOpenOption.TRUNCATE_EXISTING,
              StandardOpenOption.WRITE)) {
        ByteBuffer bytes = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
          ch.write(bytes);
        }
      }
      DurableFiles.publish(temp, file);
    } catch (IOException e) {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
  }

  void delete() throws IOException {
    Files.deleteIfExists(file);
  }
}
