package io.chektbridge.daemon.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * Key and credential files: the secret alone, surrounding whitespace ignored, readable by the
 * bridge's user only. A secret never goes into a log line or an exception message.
 */
public final class SecretFiles {
  private SecretFiles() {}

  /**
   * Reads a secret file; refuses one that others can read, since these keys open the alarm link.
   */
  public static String read(Path file) throws IOException {
    checkPrivate(file);
    String text = Files.readString(file, StandardCharsets.UTF_8).strip();
    if (text.isEmpty()) {
      throw new IOException(file + " is empty; it must hold the key or secret alone");
    }
    return text;
  }

  static void checkPrivate(Path file) throws IOException {
    Set<PosixFilePermission> perms;
    try {
      perms = Files.getPosixFilePermissions(file);
    } catch (UnsupportedOperationException e) {
      return;
    }
    if (perms.contains(PosixFilePermission.GROUP_READ)
        || perms.contains(PosixFilePermission.OTHERS_READ)
        || perms.contains(PosixFilePermission.GROUP_WRITE)
        || perms.contains(PosixFilePermission.OTHERS_WRITE)) {
      throw new IOException(file + " can be read by other users; run: chmod 600 " + file);
    }
  }

  /** Writes a secret file created 0600 from the start, so it is never readable by others. */
  public static void write(Path file, String secret) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    Files.createFile(
        tmp,
        java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
            java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
    Files.writeString(tmp, secret + "\n", StandardCharsets.UTF_8);
    Files.move(
        tmp,
        file,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }
}
