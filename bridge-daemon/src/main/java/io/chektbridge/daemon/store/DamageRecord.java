package io.chektbridge.daemon.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code chekt-bridge.damage-found} beside the database: what the running daemon's full check found
 * damaged, with when. The start's cheap check reads the growing tables at their edges only, so
 * without this record a restart after such a finding would pass and run on the damaged file until
 * the next full check; with it the start is refused with the recover advice. {@code storage
 * recover} removes it with the damaged file.
 */
final class DamageRecord {
  static final String FILE_NAME = "chekt-bridge.damage-found";

  private final SideFile file;

  DamageRecord(Path directory) {
    this.file = new SideFile(directory, FILE_NAME);
  }

  Path file() {
    return file.path();
  }

  /**
   * The recorded finding, or empty when there is none. A record that exists but cannot be read (a
   * failing card, wrong permissions) still refuses: it was written because of damage.
   */
  Optional<String> read() {
    try {
      return file.read();
    } catch (IOException e) {
      return Optional.of("its record " + file.path() + " cannot be read: " + e.getMessage());
    }
  }

  void write(String finding) throws IOException {
    file.write(finding);
  }

  void delete() throws IOException {
    file.delete();
  }
}
