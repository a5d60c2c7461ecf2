package io.chektbridge.daemon.cli;

import io.chektbridge.daemon.config.BridgeConfig;
import io.chektbridge.daemon.store.Database;
import io.chektbridge.daemon.store.StorageBackup;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.SQLException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code storage backup FILE}: a consistent copy of the database (a zip, {@code
 * Database#backupTo}). While the service runs the daemon writes it (GET /storage/backup on the
 * status port) and this copies it to FILE; with the service stopped it is written here directly.
 */
@Command(
    name = "backup",
    mixinStandardHelpOptions = true,
    description =
        "Write a consistent backup of the database "
            + "(a zip) to FILE, whether the service runs or not. Restore: stop the service, unzip into storage.path.")
final class StorageBackupCommand extends StorageCommand.OnDataFolder {
  @Parameters(paramLabel = "FILE", description = "Where to write the backup (.zip)")
  Path file;

  @Override
  int run(Path dataFolder, BridgeConfig config, PrintWriter out) throws Exception {
    Path target = file.toAbsolutePath();
    HttpResponse<String> answer = askDaemon(config);
    if (answer != null && answer.statusCode() == 200) {
      StorageBackup.copy(Path.of(answer.body().strip()), target);
      out.println(
          "storage backup: "
              + target
              + " (written by the running chekt-bridge, also kept as "
              + answer.body().strip()
              + ")");
      return Main.OK;
    }
    if (answer != null) {
      spec.commandLine()
          .getErr()
          .println(
              "storage backup: the running chekt-bridge could not write one: "
                  + answer.body().strip());
      return Main.FAILURE;
    }
    try (Database db = Database.open(dataFolder)) {
      db.backupTo(target);
    } catch (SQLException e) {
      spec.commandLine()
          .getErr()
          .println(
              "storage backup: cannot open the database in " + dataFolder + ": " + e.getMessage());
      return e instanceof io.chektbridge.daemon.store.DatabaseRefusedException
          ? Main.DATABASE_REFUSED
          : Main.FAILURE;
    }
    out.println("storage backup: " + target);
    return Main.OK;
  }

  /** The running daemon's answer, or null when no daemon answers on the status port. */
  private static HttpResponse<String> askDaemon(BridgeConfig config) throws InterruptedException {
    try {
      return new StatusPortClient(config, null).get("/storage/backup");
    } catch (IOException e) {
      return null;
    }
  }
}
