package io.chektbridge.daemon.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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

  private final Path file;

  DamageRecord(Path directory) {
    this.file = directory.toAbsolutePath().resolve(FILE_NAME);
  }

  Path file() {
    return file;
  }

  /** The recorded finding, or empty when there is none (or it cannot be read). */
  Optional<String> read() {
    try {
      return Optional.of(Files.readString(file, StandardCharsets.UTF_8).strip());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Records {@code finding}; written aside and renamed, so a crash leaves none or all of it. */
  void write(String finding) throws IOException {
    Path temp = file.resolveSibling(FILE_NAME + ".tmp");
    Files.writeString(temp, finding + "\n", StandardCharsets.UTF_8);
    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  void delete() throws IOException {
    Files.deleteIfExists(file);
  }
}
