package io.chektbridge.daemon.store;

import java.nio.file.Path;
import java.sql.SQLException;

/**
 * An existing database file the bridge will not use, in one line that names the file and what to
 * do. Starting over with a new, empty database would lose every buffered event and the arming state
 * without a word, so the bridge stops instead and leaves the decision to the installer.
 */
public final class DatabaseRefusedException extends SQLException {
  /** The command that salvages a damaged database into a new one. */
  public static final String RECOVER_COMMAND = "chekt-bridge storage recover";

  private DatabaseRefusedException(Path file, String why, Throwable cause) {
    // Every refusal names the file first, so the installer knows which one to act on.
    super("database " + file + " " + why, "58030", cause);
  }

  /** {@code file} exists but cannot be trusted: {@code problem} says why. */
  static DatabaseRefusedException damaged(Path file, String problem, Throwable cause) {
    return new DatabaseRefusedException(
        file,
        problem
            + "; not starting over with an empty "
            + "database: stop the service and salvage it with: "
            + RECOVER_COMMAND,
        cause);
  }

  static DatabaseRefusedException readOnly(Path file, String user) {
    String fix = "sudo chown " + user + ": " + file + " && sudo chmod 640 " + file;
    return new DatabaseRefusedException(
        file, "is read-only for user " + user + "; fix: " + fix, null);
  }

  static DatabaseRefusedException missing(Path file, Path mark) {
    return new DatabaseRefusedException(
        file,
        "is missing, but "
            + mark
            + " shows this folder held "
            + "one: it was deleted or moved; put it back, or restore a backup, or start with an empty one by deleting "
            + mark,
        null);
  }
}
