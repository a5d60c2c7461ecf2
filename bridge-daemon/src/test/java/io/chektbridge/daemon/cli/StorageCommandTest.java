package io.chektbridge.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.chektbridge.daemon.Daemon;
import io.chektbridge.daemon.config.ConfigLoader;
import io.chektbridge.daemon.store.DamagedFiles;
import io.chektbridge.daemon.store.Database;
import io.chektbridge.daemon.store.RestoredBackup;
import io.chektbridge.daemon.testing.DaemonProcess;
import io.chektbridge.daemon.time.HostClock;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code storage check} and {@code storage backup} on real files, with the service stopped and
 * running.
 */
class StorageCommandTest {
  @TempDir Path dir;

  @Test
  void checkGivesAVerdictAndItsExitStatus() throws Exception {
    Path data = dir.resolve("data");
    Path file = DamagedFiles.withPendingOutbox(data, 1000);
    Path config = config(data);

    CliRun whole = CliRun.of("storage", "check", "--config", config.toString());
    assertThat(whole.exit()).as(whole.out()).isEqualTo(Main.OK);
    assertThat(whole.out())
        .contains("storage check: " + file)
        .containsPattern("outbox +1000 rows")
        .containsPattern("every table reads whole: \\d+ tables, \\d+ rows");

    DamagedFiles.damage(file, DamagedFiles.Kind.GARBAGE_IN_CHUNK_BODIES);
    CliRun damaged = CliRun.of("storage", "check", "--config", config.toString());
    assertThat(damaged.exit()).as(damaged.out()).isEqualTo(Main.DATABASE_REFUSED);
    assertThat(damaged.out())
        .contains("DAMAGED: ")
        .endsWith("Stop the service and run: chekt-bridge storage recover\n");
  }

  @Test
  void backupWithTheServiceStoppedRestoresEveryRow() throws Exception {
    Path data = dir.resolve("data");
    DamagedFiles.withPendingOutbox(data, 1000);
    Path zip = dir.resolve("copy.zip");

    CliRun r = CliRun.of("storage", "backup", zip.toString(), "--config", config(data).toString());

    assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(Main.OK);
    assertThat(r.out()).isEqualTo("storage backup: " + zip + "\n");
    assertThat(restoredPendingRows(zip)).isEqualTo(1000);
  }

  @Test
  void backupWhileTheServiceRunsIsWrittenByTheDaemon() throws Exception {
    Path data = dir.resolve("data");
    DamagedFiles.withPendingOutbox(data, 500);
    Path config = config(data);
    Path zip = dir.resolve("online.zip");
    try (Daemon daemon = new Daemon(ConfigLoader.load(config), HostClock.system())) {
      daemon.start();

      CliRun r = CliRun.of("storage", "backup", zip.toString(), "--config", config.toString());

      assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(Main.OK);
      assertThat(r.out())
          .startsWith(
              "storage backup: "
                  + zip
                  + " (written by the running chekt-bridge, also kept as "
                  + data.toAbsolutePath().resolve("backups").resolve("chekt-bridge-"));
    }
    assertThat(restoredPendingRows(zip)).isEqualTo(500);
  }

  /**
   * Restores as the README says (unzip into an empty storage.path) and counts what the database
   * holds.
   */
  private long restoredPendingRows(Path zip) throws Exception {
    try (Database db = RestoredBackup.open(zip, dir.resolve("restored-" + System.nanoTime()))) {
      return DamagedFiles.pendingRows(db);
    }
  }

  private Path config(Path data) throws Exception {
    return DaemonProcess.config(dir).storage(data).write();
  }
}
