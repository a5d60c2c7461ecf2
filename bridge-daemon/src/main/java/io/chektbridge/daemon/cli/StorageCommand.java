package io.chektbridge.daemon.cli;

import io.chektbridge.daemon.config.BridgeConfig;
import io.chektbridge.daemon.store.StorageCheck;
import io.chektbridge.daemon.store.StorageInspection;
import io.chektbridge.daemon.store.StorageRecovery;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code storage check|backup|recover}: the installer's tools for the database under storage.path.
 */
@Command(
    name = "storage",
    mixinStandardHelpOptions = true,
    description = "Check, back up or recover the bridge's database (storage.path).",
    subcommands = {
      StorageCommand.Check.class,
      StorageBackupCommand.class,
      StorageCommand.Recover.class
    })
public final class StorageCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return Main.USAGE;
  }

  /** Shared by the subcommands: the config's storage.path. */
  abstract static class OnDataFolder extends ConfiguredCommand {
    abstract int run(Path dataFolder, BridgeConfig config, PrintWriter out) throws Exception;

    @Override
    int run(BridgeConfig loaded) throws Exception {
      PrintWriter out = out();
      try {
        return run(loaded.storage().path(), loaded, out);
      } finally {
        out.flush();
      }
    }
  }

  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      description =
          "Open the database read-only and read "
              + "every row of every table. Exit 0: whole; 3: damaged (run storage recover); 1: could not check (e.g. the "
              + "service is running).")
  static final class Check extends OnDataFolder {
    @Override
    int run(Path dataFolder, BridgeConfig config, PrintWriter out) {
      StorageInspection.Report r = StorageInspection.inspect(dataFolder);
      out.println("storage check: " + r.file());
      for (StorageCheck.TableResult t : r.tables()) {
        out.printf(
            "  %-18s %s%n",
            t.table().toLowerCase(java.util.Locale.ROOT),
            t.problem() == null ? t.rows() + " rows" : "DAMAGED: " + t.problem());
      }
      out.println(r.summary());
      return switch (r.verdict()) {
        case OK -> Main.OK;
        case DAMAGED -> Main.DATABASE_REFUSED;
        case CANNOT_CHECK -> Main.FAILURE;
      };
    }
  }

  @Command(
      name = "recover",
      mixinStandardHelpOptions = true,
      description =
          "With the service stopped: move the "
              + "damaged database aside (kept, never deleted), salvage every row H2 can still read into a new one, and let "
              + "the journal refill what it still holds at the next start.")
  static final class Recover extends OnDataFolder {
    @Override
    int run(Path dataFolder, BridgeConfig config, PrintWriter out) throws Exception {
      StorageRecovery.Outcome o;
      try {
        o = new StorageRecovery(dataFolder, Clock.systemUTC()).recover();
      } catch (java.io.IOException e) {
        spec.commandLine().getErr().println("storage recover: " + e.getMessage());
        return Main.FAILURE;
      }
      out.println("storage recover: the damaged file is kept as " + o.damagedFile());
      if (!o.readable()) {
        out.println("  H2 could not open it at all: nothing could be salvaged from it");
      }
      long lost = 0;
      boolean unknown = false;
      for (StorageRecovery.TableOutcome t : o.tables()) {
        Long l = t.lost();
        out.printf(
            "  %-18s %d rows saved%s%n",
            t.table(),
            t.saved(),
            l == null ? " (how many it held cannot be read)" : l == 0 ? "" : ", " + l + " lost");
        lost += l == null ? 0 : l;
        unknown |= l == null && o.readable();
      }
      out.println(
          o.journalFrom() > 0
              ? "  journal: messages from "
                  + o.journalFrom()
                  + " on are copied in again at the next start"
              : "  journal: no segments on disk to copy in again");
      if (o.messagesLost() > 0) {
        out.println(
            "  "
                + o.messagesLost()
                + " panel messages are neither in the salvaged rows nor in the journal");
      }
      out.println(
          (lost == 0 && !unknown && o.messagesLost() == 0 && o.readable()
                  ? "Recovered with nothing lost."
                  : "Recovered; the counts above say what was lost.")
              + " Start the service: sudo systemctl start chekt-bridge");
      return Main.OK;
    }
  }
}
