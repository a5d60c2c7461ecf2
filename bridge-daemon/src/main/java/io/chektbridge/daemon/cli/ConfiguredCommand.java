package io.chektbridge.daemon.cli;

import io.chektbridge.daemon.config.BridgeConfig;
import io.chektbridge.daemon.config.ConfigException;
import io.chektbridge.daemon.config.ConfigProblem;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;

/**
 * A command that reads the configuration before it does anything else. A config that does not load
 * ends it with every problem listed and exit 2, in the same words from every command; a {@link
 * CommandFailure} ends it with its message on stderr and its exit code.
 */
abstract class ConfiguredCommand implements Callable<Integer> {
  @Mixin ConfigOption config;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** The command's work, on a configuration that loaded; returns the exit code. */
  abstract int run(BridgeConfig loaded) throws Exception;

  @Override
  public Integer call() throws Exception {
    BridgeConfig loaded;
    try {
      loaded = config.load();
    } catch (ConfigException e) {
      return refuse(e);
    }
    try {
      return run(loaded);
    } catch (CommandFailure e) {
      err().println(e.getMessage());
      return e.exitCode();
    }
  }

  /**
   * Lists the config's problems on stderr; a command whose output is a verdict says it its own way.
   */
  int refuse(ConfigException e) {
    PrintWriter err = err();
    err.println(
        config.describe()
            + ": "
            + e.problems().size()
            + " problem"
            + (e.problems().size() == 1 ? "" : "s")
            + ":");
    for (ConfigProblem p : e.problems()) {
      err.println("  " + p);
    }
    err.flush();
    return Main.USAGE;
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }
}
