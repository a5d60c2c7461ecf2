package io.chektbridge.daemon.cli;

import io.chektbridge.daemon.BridgeVersion;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code chekt-bridge} command line. Exit codes: 0 ok, 1 failure, 2 usage or config error, 3
 * the database is damaged or unusable (the unit's RestartPreventExitStatus: restarting cannot
 * help).
 */
@Command(
    name = "chekt-bridge",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description =
        "Alarm-panel bridge to the CHeKT cloud: SIA DC-09 / Contact ID / serial panels in, arming "
            + "state and events out.",
    subcommands = {
      RunCommand.class,
      ConfigCommand.class,
      StatusCommand.class,
      InitCommand.class,
      DoctorCommand.class,
      DecodeCommand.class,
      SendTestCommand.class,
      SerialPortsCommand.class,
      picocli.AutoComplete.GenerateCompletion.class,
      AuditCommand.class,
      WalkTestCommand.class,
      OutboxCommand.class,
      CloudCommand.class,
      StorageCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Callable<Integer> {
  public static final int OK = 0;
  public static final int FAILURE = 1;
  public static final int USAGE = 2;
  public static final int DATABASE_REFUSED = 3;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    LogSetup.beforeFirstLogger();
    System.exit(execute(args));
  }

  /** Runs the CLI without exiting the JVM (tests call this). */
  public static int execute(String... args) {
    return commandLine().execute(args);
  }

  public static CommandLine commandLine() {
    return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true);
  }

  /**
   * No subcommand is a usage error: print the usage and exit 2, so a script's typo does not pass as
   * success.
   */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return USAGE;
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"chekt-bridge " + BridgeVersion.get()};
    }
  }
}
