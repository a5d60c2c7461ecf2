package io.chektbridge.daemon.cli;

/** Ends a {@link ConfiguredCommand}: the message is the one line the installer reads on stderr. */
final class CommandFailure extends Exception {
  private final int exitCode;

  CommandFailure(String message, int exitCode) {
    super(message);
    this.exitCode = exitCode;
  }

  int exitCode() {
    return exitCode;
  }
}
