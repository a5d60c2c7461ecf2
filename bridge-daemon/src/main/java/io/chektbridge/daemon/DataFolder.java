package io.chektbridge.daemon;

import io.chektbridge.daemon.journal.JournalCoverage;
import io.chektbridge.daemon.store.Database;
import io.chektbridge.daemon.store.DatabaseRefusedException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;

/**
 * Opens the database in {@code storage.path}, or says in one line why that folder cannot hold it.
 * The folder is checked first because H2 would only say "IO Exception [90028-252]".
 */
final class DataFolder {
  private DataFolder() {}

  static Database open(Path dir) throws StartFailure, IOException {
    check(dir);
    try {
      return Database.open(dir, new JournalCoverage(dir));
    } catch (DatabaseRefusedException e) {
      throw StartFailure.databaseRefused(e);
    } catch (SQLException e) {
      throw StartFailure.dataFolder(
          dir,
          "holds a database that cannot be opened ("
              + firstLine(e.getMessage())
              + "); is another chekt-bridge or an outbox command using it?",
          e);
    }
  }

  private static void check(Path dir) throws StartFailure {
    String user = StartFailure.user();
    try {
      Files.createDirectories(dir);
    } catch (FileAlreadyExistsException e) {
      throw StartFailure.dataFolder(
          dir, "is a file, not a folder; point storage.path at a folder", e);
    } catch (IOException e) {
      throw StartFailure.dataFolder(
          dir,
          "cannot be created by user "
              + user
              + " ("
              + e.getMessage()
              + "); create it: sudo install -d -o "
              + user
              + " "
              + dir.toAbsolutePath(),
          e);
    }
    if (!Files.isWritable(dir) || !Files.isExecutable(dir)) {
      throw StartFailure.dataFolder(
          dir,
          "is not writable by user "
              + user
              + "; fix: sudo chown -R "
              + user
              + ": "
              + dir.toAbsolutePath()
              + " (or start the service: sudo systemctl start chekt-bridge)",
          null);
    }
  }

  private static String firstLine(String text) {
    int nl = text == null ? -1 : text.indexOf('\n');
    return nl < 0 ? String.valueOf(text) : text.substring(0, nl);
  }
}
