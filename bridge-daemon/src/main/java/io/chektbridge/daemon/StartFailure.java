package io.chektbridge.daemon;

import io.chektbridge.daemon.config.HostPort;
import io.chektbridge.daemon.store.DatabaseRefusedException;
import java.nio.file.Path;

/**
 * Why the daemon could not start, in one line an installer can act on: what failed (the port, the
 * path, the user) and what to do. The cause stays attached for the debug log only; a stack trace in
 * the journal hides the one line that matters.
 */
public final class StartFailure extends Exception {
  private final boolean databaseRefused;

  public StartFailure(String message, Throwable cause) {
    this(message, cause, false);
  }

  private StartFailure(String message, Throwable cause, boolean databaseRefused) {
    super(message, cause);
    this.databaseRefused = databaseRefused;
  }

  /**
   * An existing database the bridge will not use (damaged, empty, read-only): restarting cannot
   * help, so the daemon exits with its own status and systemd does not restart it.
   */
  public static StartFailure databaseRefused(DatabaseRefusedException e) {
    return new StartFailure(e.getMessage(), e, true);
  }

  public boolean databaseRefused() {
    return databaseRefused;
  }

  /** {@code what} (e.g. "status port (status.listen)") could not listen on {@code address}. */
  public static StartFailure cannotListen(String what, HostPort address, Throwable cause) {
    String why = innermostMessage(cause);
    String fix;
    if (why.contains("Address already in use")) {
      fix =
          "port "
              + address.port()
              + " is in use by another program (a second chekt-bridge?); find it with: "
              + "sudo ss -ltnup 'sport = :"
              + address.port()
              + "'";
    } else if (why.contains("Permission denied")) {
      fix = "ports below 1024 need privileges the service does not have; use a port above 1023";
    } else if (why.contains("Cannot assign requested address")) {
      fix =
          address.host()
              + " is not an address of this machine; use 0.0.0.0 or one of its addresses";
    } else {
      fix = why;
    }
    return new StartFailure(what + " cannot listen on " + address + ": " + fix, cause);
  }

  /** The data folder {@code dir} cannot be used by the user the daemon runs as. */
  public static StartFailure dataFolder(Path dir, String problem, Throwable cause) {
    return new StartFailure(
        "data folder " + dir.toAbsolutePath() + " (storage.path) " + problem, cause);
  }

  /** The user this process runs as, for messages about file permissions. */
  public static String user() {
    return System.getProperty("user.name");
  }

  private static String innermostMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return String.valueOf(t.getMessage());
  }
}
