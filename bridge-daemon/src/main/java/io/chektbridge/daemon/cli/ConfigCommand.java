package io.chektbridge.daemon.cli;

import io.chektbridge.daemon.config.BridgeConfig;
import io.chektbridge.daemon.config.ConfigLoader;
import picocli.CommandLine.Command;

/** {@code config validate} and {@code config show}. */
@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    description = "Check or print the configuration.",
    subcommands = {ConfigCommand.Validate.class, ConfigCommand.Show.class})
public final class ConfigCommand extends CommandGroup {
  @Command(
      name = "validate",
      mixinStandardHelpOptions = true,
      description =
          "Check the config file; print every problem with its key and line. Exit 2 when invalid.")
  static final class Validate extends ConfiguredCommand {
    @Override
    int run(BridgeConfig c) {
      out()
          .println(
              config.describe()
                  + ": OK ("
                  + c.receivers().dc09().accounts().size()
                  + " DC-09 accounts, "
                  + c.receivers().serial().size()
                  + " serial links, "
                  + c.partitions().size()
                  + " partitions, "
                  + c.zones().size()
                  + " zones, cloud sync "
                  + (c.cloudSyncEnabled() ? "on" : "off")
                  + ")");
      return Main.OK;
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description =
          "Print the effective configuration, defaults filled in. Secrets stay in their files and are never printed.")
  static final class Show extends ConfiguredCommand {
    @Override
    int run(BridgeConfig c) throws Exception {
      out().print(ConfigLoader.mapper().writeValueAsString(c));
      out().flush();
      return Main.OK;
    }
  }
}
