package io.chektbridge.daemon.store;

import io.chektbridge.daemon.threads.DaemonThreads;
import io.chektbridge.daemon.threads.RepeatingTask;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Online backups of the running database ({@code storage.backup}): {@link Database#backupTo}, a
 * consistent zip of the data file, written every {@code every} into {@code storage.path/backups},
 * keeping the newest {@code keep}. {@link #backupNow} also serves {@code chekt-bridge storage
 * backup} while the service runs. Restoring one: stop the service, unzip it into storage.path.
 */
public final class StorageBackup implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StorageBackup.class);
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
  static final String PREFIX = "chekt-bridge-";

  private final Database db;
  private final Path folder;
  private final int keep;
  private final Clock clock;
  private final ScheduledExecutorService executor;

  public StorageBackup(Database db, int keep, Clock clock) {
    this.db = db;
    this.folder = db.directory().toAbsolutePath().resolve("backups");
    this.keep = keep;
    this.clock = clock;
    this.executor = DaemonThreads.scheduled("storage-backup");
  }

  /**
   * Backs up every {@code every}, the first one when the newest backup is that old (or there is
   * none), but never during the start, which has the journal's replay to do.
   */
  public StorageBackup start(Duration every) throws IOException {
    long sinceNewest =
        newest()
            .map(p -> Duration.between(modified(p), clock.instant()).toMillis())
            .orElse(Long.MAX_VALUE);
    long first =
        Math.max(StoreTuning.FIRST_BACKUP_AFTER.toMillis(), every.toMillis() - sinceNewest);
    RepeatingTask.schedule(
        executor,
        "The scheduled database backup",
        this::scheduled,
        Duration.ofMillis(first),
        every);
    return this;
  }

  private void scheduled() {
    try {
      Path file = backupNow();
      LOG.info("Database backed up to {}", file);
    } catch (SQLException | IOException e) {
      LOG.error(
          "Backing up the database to {} failed: {}. Check free disk space under storage.path",
          folder,
          e.getMessage());
    }
  }

  /** Writes a backup now and drops the oldest beyond {@code keep}; returns the new file. */
  public synchronized Path backupNow() throws SQLException, IOException {
    Files.createDirectories(folder);
    dropUnfinished();
    Path file = folder.resolve(PREFIX + STAMP.format(clock.instant()) + ".zip");
    db.backupTo(file);
    List<Path> all = backups();
    for (int i = 0; i < all.size() - keep; i++) {
      Files.deleteIfExists(all.get(i));
    }
    return file;
  }

  /**
   * Removes what a backup cut short by a kill or a power cut left: its {@code .part} file, which no
   * later backup writes over (each has its own time in its name).
   */
  private void dropUnfinished() throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      for (Path p : files.filter(StorageBackup::unfinished).toList()) {
        Files.deleteIfExists(p);
        LOG.info(
            "Removed {}, a backup the bridge did not finish (it was stopped while writing it)", p);
      }
    }
  }

  private static boolean unfinished(Path p) {
    String name = p.getFileName().toString();
    return name.startsWith(PREFIX) && name.endsWith(".zip.part");
  }

  /** The backups in the folder, oldest first (their names sort by time). */
  List<Path> backups() throws IOException {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(folder)) {
      return files
          .filter(
              p -> p.getFileName().toString().startsWith(PREFIX) && p.toString().endsWith(".zip"))
          .sorted(Comparator.comparing(p -> p.getFileName().toString()))
          .toList();
    }
  }

  private java.util.Optional<Path> newest() throws IOException {
    List<Path> all = backups();
    return all.isEmpty()
        ? java.util.Optional.empty()
        : java.util.Optional.of(all.get(all.size() - 1));
  }

  private static java.time.Instant modified(Path p) {
    try {
      return Files.getLastModifiedTime(p).toInstant();
    } catch (IOException e) {
      return java.time.Instant.EPOCH;
    }
  }

  /** Lets a running backup finish: an interrupt inside H2's file I/O would close the store. */
  @Override
  public void close() {
    DaemonThreads.finish(executor, Duration.ofSeconds(60));
  }

  /**
   * Copies a backup to where the installer asked, through a temporary file so a half copy is never
   * left.
   */
  public static void copy(Path backup, Path to) throws IOException {
    Path temp = to.resolveSibling(to.getFileName() + ".part");
    try {
      Files.copy(backup, temp, StandardCopyOption.REPLACE_EXISTING);
      DurableFiles.publish(temp, to);
    } catch (IOException e) {
      Files.deleteIfExists(temp);
      throw e;
    }
  }
}
