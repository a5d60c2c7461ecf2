package io.chektbridge.daemon.cli;

import picocli.CommandLine;

/**
 * A command that only holds subcommands: called bare, it prints its usage (on stderr) and exits 0.
 */
abstract class CommandGroup implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }
}
