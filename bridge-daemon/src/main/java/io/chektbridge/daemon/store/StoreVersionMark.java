package io.chektbridge.daemon.store;

import java.io.IOException;
import java.nio.file.Path;

/**
 * {@code chekt-bridge.version} beside the database: the newest store version H2 had surely written
 * (read from its file header after a sync). H2 opens a truncated file, or one with damaged newer
 * chunks, by falling back to an older version without a word, which silently loses everything
 * written since; a database that opens below this mark is refused instead.
 */
final class StoreVersionMark {
  static final String FILE_NAME = "chekt-bridge.version";

  private final SideFile file;

  StoreVersionMark(Path directory) {
    this.file = new SideFile(directory, FILE_NAME);
  }

  Path file() {
    return file.path();
  }

  boolean exists() {
    return file.exists();
  }

  /** The recorded version, or -1 when there is none (never written, or a write cut short). */
  long read() {
    try {
      return file.read().map(Long::parseLong).orElse(-1L);
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
  }

  /** Records {@code version} if it is newer. */
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
    file.write(Long.toString(version));
  }

  void delete() throws IOException {
    file.delete();
  }
}
