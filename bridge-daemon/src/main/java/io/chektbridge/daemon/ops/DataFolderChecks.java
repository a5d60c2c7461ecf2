package io.chektbridge.daemon.ops;

import io.chektbridge.daemon.store.StorageInspection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code doctor}'s look at storage.path: the folder exists and the service user can write it and
 * its database, and the database reads whole ({@code storage check}'s inspection, when the service
 * is stopped).
 */
final class DataFolderChecks {
  /** The user the systemd unit runs the daemon as. */
  static final String SERVICE_USER = "chekt-bridge";

  private DataFolderChecks() {}

  static DoctorCheck writable(Path folder) {
    Path dir = folder.toAbsolutePath();
    String name = "data folder " + dir;
    if (!Files.isDirectory(dir)) {
      return DoctorCheck.fail(
          name,
          Files.exists(dir) ? "is a file, not a folder" : "does not exist",
          "sudo install -d -o "
              + SERVICE_USER
              + " -g "
              + SERVICE_USER
              + " -m 750 "
              + dir
              + " (the service creates it itself: sudo systemctl start chekt-bridge)");
    }
    String fix = "sudo chown -R " + SERVICE_USER + ": " + dir;
    try {
      boolean root = "root".equals(System.getProperty("user.name"));
      for (Path p : new Path[] {dir, dir.resolve("chekt-bridge.mv.db"), dir.resolve("journal")}) {
        if (Files.exists(p) && root && !SERVICE_USER.equals(Files.getOwner(p).getName())) {
          return DoctorCheck.fail(
              name,
              p
                  + " belongs to "
                  + Files.getOwner(p).getName()
                  + ", but the service runs as "
                  + SERVICE_USER,
              fix);
        }
        if (Files.exists(p) && !root && !Files.isWritable(p)) {
          return DoctorCheck.fail(
              name, p + " is not writable by " + System.getProperty("user.name"), fix);
        }
      }
    } catch (IOException e) {
      return DoctorCheck.fail(name, "cannot read its owner: " + e.getMessage(), fix);
    }
    return DoctorCheck.ok(name, "exists and is writable by the service user");
  }

  static DoctorCheck integrity(Path folder) {
    StorageInspection.Report r = StorageInspection.inspect(folder);
    String name = "database " + r.file();
    return switch (r.verdict()) {
      case OK -> DoctorCheck.ok(name, r.summary());
      case DAMAGED ->
          DoctorCheck.fail(
              name,
              r.summary(),
              "sudo systemctl stop chekt-bridge; sudo -u "
                  + SERVICE_USER
                  + " chekt-bridge storage recover");
      case CANNOT_CHECK -> DoctorCheck.skip(name, r.summary());
    };
  }
}
