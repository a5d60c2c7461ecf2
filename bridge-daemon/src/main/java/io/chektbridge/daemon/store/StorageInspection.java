package io.chektbridge.daemon.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * {@code storage check}: opens the database read-only, as it lies on disk, and reads every row of
 * every table. It never writes: not even H2's own recovery on open reaches the file.
 */
public final class StorageInspection {
  /** H2's DATABASE_ALREADY_OPEN: the running bridge holds the file. */
  private static final int IN_USE = 90020;

  private StorageInspection() {}

  public enum Verdict {
    OK,
    DAMAGED,
    CANNOT_CHECK
  }

  /**
   * The verdict, the tables read (empty when the file could not be opened) and one line saying why.
   */
  public record Report(
      Verdict verdict, Path file, List<StorageCheck.TableResult> tables, String summary) {}

  public static Report inspect(Path directory) {
    Path file = Database.dataFile(directory);
    if (!Files.exists(file)) {
      return new Report(
          Verdict.CANNOT_CHECK,
          file,
          List.of(),
          "there is no database at " + file + " (a new one is created at the first start)");
    }
    try {
      if (Files.size(file) == 0) {
        return damaged(file, List.of(), "the file is empty (0 bytes)");
      }
    } catch (IOException e) {
      return new Report(
          Verdict.CANNOT_CHECK, file, List.of(), "cannot read " + file + ": " + e.getMessage());
    }
    try (Connection c =
        DriverManager.getConnection(
            Database.url(directory) + ";ACCESS_MODE_DATA=r", "bridge", "")) {
      long expected = new StoreVersionMark(directory).read();
      long opened = Database.mvStore(c).getCurrentVersion();
      if (opened < expected) {
        return damaged(
            file,
            List.of(),
            "it opens at an older state than the bridge had written (store version "
                + opened
                + ", expected at least "
                + expected
                + ")");
      }
      List<StorageCheck.TableResult> tables = StorageCheck.full(c);
      List<String> problems =
          tables.stream().map(StorageCheck.TableResult::problem).filter(p -> p != null).toList();
      if (!problems.isEmpty()) {
        return damaged(file, tables, String.join("; ", problems));
      }
      // compaction's finding may lie in an index page that no read of rows reaches: the start
      // refuses on the record, and so does this check
      Optional<String> recorded = new DamageRecord(directory).read();
      if (recorded.isPresent()) {
        return damaged(
            file, tables, "every row reads, but the running bridge found: " + recorded.get());
      }
      long rows = tables.stream().mapToLong(StorageCheck.TableResult::rows).sum();
      return new Report(
          Verdict.OK,
          file,
          tables,
          "every table reads whole: " + tables.size() + " tables, " + rows + " rows");
    } catch (SQLException e) {
      if (e.getErrorCode() == IN_USE) {
        return new Report(
            Verdict.CANNOT_CHECK,
            file,
            List.of(),
            file
                + " is in use by the running chekt-bridge, "
                + "which checks it every 10 s itself (a damaged database raises STORAGE_FAILED: chekt-bridge status);"
                + " stop the service for a full check");
      }
      return damaged(
          file,
          List.of(),
          "it cannot be opened: "
              + StorageCheck.firstLine(e).replace(" Possible solution: use the recovery tool", ""));
    }
  }

  private static Report damaged(Path file, List<StorageCheck.TableResult> tables, String why) {
    return new Report(
        Verdict.DAMAGED,
        file,
        tables,
        "DAMAGED: "
            + why
            + ". Stop the service and run: "
            + DatabaseRefusedException.RECOVER_COMMAND);
  }
}
