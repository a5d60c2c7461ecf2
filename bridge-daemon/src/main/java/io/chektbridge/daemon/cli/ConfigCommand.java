package io.chektbridge.daemon.cli;

import io.chektbridge.daemon.config.BridgeConfig;
import io.chektbridge.daemon.config.ConfigException;
import io.chektbridge.daemon.config.ConfigLoader;
import io.chektbridge.daemon.config.ConfigProblem;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code config validate} and {@code config show}. */
@Command(name = "config", mixinStandardHelpOptions = true, description = "Check or print the configuration.",
    subcommands = {ConfigCommand.Validate.class, ConfigCommand.Show.class})
public final class ConfigCommand implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }

  static int report(ConfigOption config, ConfigException e, PrintWriter err) {
    err.println(config.describe() + ": " + e.problems().size() + " problem" + (e.problems().size() == 1 ? "" : "s") + ":");
    for (ConfigProblem p : e.problems()) {
      err.println("  " + p);
    }
    err.flush();
    return Main.USAGE;
  }

  @Command(name = "validate", mixinStandardHelpOptions = true,
      description = "Check the config file; print every problem with its key and line. Exit 2 when invalid.")
  static final class Validate implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      try {
        BridgeConfig c = config.load();
        spec.commandLine().getOut().println(config.describe() + ": OK ("
            + c.receivers().dc09().accounts().size() + " DC-09 accounts, "
            + c.receivers().serial().size() + " serial links, "
            + c.partitions().size() + " partitions, " + c.zones().size() + " zones, cloud sync "
            + (c.cloudSyncEnabled() ? "on" : "off") + ")");
        return Main.OK;
      } catch (ConfigException e) {
        return report(config, e, spec.commandLine().getErr());
      }
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true,
      description = "Print the effective configuration, defaults filled in. Secrets stay in their files and are never printed.")
  static final class Show implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      try {
        BridgeConfig c = config.load();
        spec.commandLine().getOut().print(ConfigLoader.mapper().writeValueAsString(c));
        spec.commandLine().getOut().flush();
        return Main.OK;
      } catch (ConfigException e) {
        return report(config, e, spec.commandLine().getErr());
      }
    }
  }
}
