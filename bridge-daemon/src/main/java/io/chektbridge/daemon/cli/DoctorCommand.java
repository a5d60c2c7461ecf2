package io.chektbridge.daemon.cli;

import io.chektbridge.daemon.config.BridgeConfig;
import io.chektbridge.daemon.config.ConfigException;
import io.chektbridge.daemon.ops.Doctor;
import io.chektbridge.daemon.ops.DoctorCheck;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;

/**
 * {@code doctor}: checks this box for what stops a bridge, and prints what to fix. Exit 1 on any
 * FAIL.
 */
@Command(
    name = "doctor",
    mixinStandardHelpOptions = true,
    description =
        "Check the config, serial permissions, "
            + "port conflicts, clock sync, disk space and cloud reachability; print what to fix.")
public final class DoctorCommand extends ConfiguredCommand {
  /**
   * An invalid config is the first failed check, on stdout with the others: the verdict is doctor's
   * output.
   */
  @Override
  int refuse(ConfigException e) {
    PrintWriter out = out();
    out.println("[FAIL] config " + config.describe() + ": " + e.problems().size() + " problem(s)");
    e.problems().forEach(p -> out.println("       " + p));
    out.println(
        "       fix: edit the file (or run chekt-bridge init), then chekt-bridge config validate");
    out.flush();
    return Main.FAILURE;
  }

  @Override
  int run(BridgeConfig c) {
    PrintWriter out = out();
    out.println("[ OK ] config " + config.describe() + ": valid");
    List<DoctorCheck> checks = new Doctor(c, Duration.ofSeconds(5)).run();
    for (DoctorCheck check : checks) {
      out.printf("[%-4s] %s: %s%n", label(check.outcome()), check.name(), check.detail());
      if (check.fix() != null) {
        out.println("       fix: " + check.fix());
      }
    }
    long failed = checks.stream().filter(ch -> ch.outcome() == DoctorCheck.Outcome.FAIL).count();
    out.println(failed == 0 ? "No problems found." : failed + " problem(s) to fix.");
    out.flush();
    return failed == 0 ? Main.OK : Main.FAILURE;
  }

  private static String label(DoctorCheck.Outcome o) {
    return o == DoctorCheck.Outcome.OK ? " OK" : o.name().toUpperCase(Locale.ROOT);
  }
}
