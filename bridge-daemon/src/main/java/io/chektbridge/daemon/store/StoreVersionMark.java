package io.chektbridge.daemon.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * {@code chekt-bridge.version} beside the database: the newest store version H2 had surely written
 * (read from its file header after a sync). H2 opens a truncated file, or one with damaged newer
 * chunks, by falling back to an older version without a word, which silently loses everything
 * written since; a database that opens below this mark is refused instead.
 */
final class StoreVersionMark {
  static final String FILE_NAME = "chekt-bridge.version";

  private final Path file;

  StoreVersionMark(Path directory) {
    this.file = directory.toAbsolutePath().resolve(FILE_NAME);
  }

  Path file() {
    return file;
  }

  boolean exists() {
    return Files.exists(file);
  }

  /** The recorded version, or -1 when there is none (never written, or a write cut short). */
  long read() {
    try {
      return Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).strip());
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
  }

  /**
   * Records {@code version} if it is newer; written aside and renamed, so a crash leaves the old or
   * the new one.
   */
  void advance(long version) throws IOException {
    if (version > read()) {
      replace(version);
    }
  }

  /**
   * Records {@code version} even if older: the database was accepted at an older state than
   * recorded.
   */
  void replace(long version) throws IOException {
    Path temp = file.resolveSibling(FILE_NAME + ".tmp");
    Files.writeString(temp, version + "\n", StandardCharsets.US_ASCII);
    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  void delete() throws IOException {
    Files.deleteIfExists(file);
  }
}
