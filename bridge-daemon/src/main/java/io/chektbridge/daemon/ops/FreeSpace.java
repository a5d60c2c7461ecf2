package io.chektbridge.daemon.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Free space where a folder is or will be: the nearest part of its path that exists. */
final class FreeSpace {
  private FreeSpace() {}

  /** That part of {@code folder}'s path, or null when no part of it exists. */
  static Path nearestExisting(Path folder) {
    Path existing = folder.toAbsolutePath();
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    return existing;
  }

  /** Bytes an unprivileged writer may still use there; throws when it cannot be read. */
  static long usableBytes(Path existing) throws IOException {
    return Files.getFileStore(existing).getUsableSpace();
  }
}
