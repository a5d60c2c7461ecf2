package io.chektbridge.daemon.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/** A backup restored as docs/storage.md says: its one entry unzipped into an empty storage.path. */
public final class RestoredBackup {
  private RestoredBackup() {}

  /** Unzips {@code zip} into the new folder {@code folder} and opens the database there. */
  public static Database open(Path zip, Path folder) throws Exception {
    Files.createDirectories(folder);
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
      ZipEntry entry = in.getNextEntry();
      assertThat(entry.getName()).isEqualTo("chekt-bridge.mv.db");
      Files.copy(in, folder.resolve(entry.getName()));
      assertThat(in.getNextEntry()).isNull();
    }
    return Database.open(folder);
  }
}
