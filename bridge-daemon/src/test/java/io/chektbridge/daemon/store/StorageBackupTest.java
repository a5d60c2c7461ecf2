package io.chektbridge.daemon.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rotation of {@code storage.path/backups}: what stays there after each backup. */
class StorageBackupTest {
  private static final Instant T0 = Instant.parse("2026-12-01T03:00:00Z");

  @TempDir Path dir;

  @Test
  void keepsTheNewestAndRemovesWhatAKilledBackupLeft() throws Exception {
    Path data = dir.resolve("data");
    try (Database db = Database.open(data)) {
      Path backups = Files.createDirectories(data.resolve("backups"));
      // what a kill in the middle of a backup leaves: a partial zip nothing else removes
      Path unfinished = backups.resolve(StorageBackup.PREFIX + "20261130T030000Z.zip.part");
      Files.write(unfinished, new byte[] {'P', 'K', 3, 4});
      Path elsewhere = backups.resolve("installer-notes.zip.part");
      Files.write(elsewhere, new byte[] {1});

      for (int day = 0; day < 4; day++) {
        Clock clock = Clock.fixed(T0.plus(Duration.ofDays(day)), ZoneOffset.UTC);
        try (StorageBackup backup = new StorageBackup(db, 2, clock)) {
          backup.backupNow();
        }
      }

      try (var files = Files.list(backups)) {
        assertThat(files.map(p -> p.getFileName().toString()).sorted().toList())
            .isEqualTo(
                List.of(
                    "chekt-bridge-20261203T030000Z.zip",
                    "chekt-bridge-20261204T030000Z.zip",
                    "installer-notes.zip.part"));
      }
    }
  }
}
