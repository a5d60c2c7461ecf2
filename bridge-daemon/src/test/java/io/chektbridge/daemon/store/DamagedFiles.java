package io.chektbridge.daemon.store;

import io.chektbridge.daemon.testing.RowCount;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Databases with pending outbox rows, and the damage a full disk, a bad SD card or a cut power
 * leaves in them, done to the real file while no process has it open.
 */
public final class DamagedFiles {
  private static final int BLOCK = 4096;

  private DamagedFiles() {}

  /** The kinds of damage, each as a site box meets it. */
  public enum Kind {
    ZERO_LENGTH,
    TRUNCATED,
    CORRUPT_HEADER,
    CORRUPT_TAIL,
    GARBAGE_IN_MIDDLE,
    GARBAGE_IN_CHUNK_BODIES
  }

  /**
   * A database in {@code dir} holding {@code rows} pending outbox rows, written 200 to a commit and
   * closed without H2's compaction on close, so its live pages stay spread over many chunks as a
   * long-running bridge leaves them.
   */
  public static Path withPendingOutbox(Path dir, int rows) throws Exception {
    try (Database db = Database.open(dir, ";MAX_COMPACT_TIME=0")) {
      for (int from = 0; from < rows; from += 200) {
        int start = from;
        int end = Math.min(rows, from + 200);
        db.inTransaction(c -> insertPending(c, start, end));
      }
    }
    return Database.dataFile(dir);
  }

  private static Void insertPending(Connection c, int from, int to) throws java.sql.SQLException {
    try (PreparedStatement p =
        c.prepareStatement(
            "INSERT INTO outbox (kind, idempotency_key, body, created_at)"
                + " VALUES ('event', ?, ?, ?)")) {
      for (int i = from; i < to; i++) {
        p.setString(1, "key-" + i);
        p.setString(
            2, "{\"event_type\":\"alarm\",\"n\":" + i + ",\"pad\":\"" + "x".repeat(200) + "\"}");
        p.setObject(3, OffsetDateTime.now(ZoneOffset.UTC));
        p.addBatch();
      }
      p.executeBatch();
    }
    return null;
  }

  /** Pending outbox rows, read whole. */
  public static long pendingRows(Database db) throws Exception {
    return RowCount.of(db, "SELECT COUNT(body) FROM outbox WHERE status = 'pending'");
  }

  public static void damage(Path file, Kind kind) throws IOException {
    long size = Files.size(file);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      switch (kind) {
        case ZERO_LENGTH -> ch.truncate(0);
        case TRUNCATED -> ch.truncate(size / 2 / BLOCK * BLOCK);
        case CORRUPT_HEADER -> ch.write(garbage(2 * BLOCK), 0);
        case CORRUPT_TAIL -> ch.write(garbage(2 * BLOCK), size - 2 * BLOCK);
        case GARBAGE_IN_MIDDLE -> ch.write(garbage(64 * 1024), size / 2);
        case GARBAGE_IN_CHUNK_BODIES -> chunkBodies(file, ch);
        default -> throw new IllegalArgumentException(kind.name());
      }
    }
  }

  /** {@code bytes} of garbage at {@code offset} of {@code file}. */
  public static void garbage(Path file, long offset, int bytes) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.write(garbage(bytes), offset);
    }
  }

  /**
   * Garbage over the pages of every chunk but the newest {@code spared}, headers and footers whole,
   * in the file of a running database: what a failing card does under a bridge that keeps writing.
   */
  public static void chunkBodiesExceptNewest(Path file, int spared) throws IOException {
    List<long[]> chunks = chunks(Files.readAllBytes(file));
    chunks.sort(java.util.Comparator.comparingLong(c -> c[0]));
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      for (int i = 0; i < chunks.size() - spared; i++) {
        long[] chunk = chunks.get(i);
        for (long block = chunk[0] + 1; block < chunk[0] + chunk[1] - 1; block++) {
          ch.write(garbage(BLOCK), block * BLOCK);
        }
      }
    }
  }

  /**
   * H2 keeps pages it read in memory; a larger database than a test's evicts them as it goes.
   * Emptying the cache makes the next read of each page go to the file, as it would then.
   */
  public static void forgetCachedPages(Database db) throws Exception {
    try (Connection c = db.connection()) {
      org.h2.mvstore.MVStore store = Database.mvStore(c);
      int size = store.getCacheSize();
      store.setCacheSize(0);
      store.setCacheSize(size);
    }
  }

  /**
   * Garbage over the pages of the newer half of the chunks but the newest two, their headers and
   * footers left whole: H2 finds every chunk valid at open, and fails only when it reads those
   * pages (a table's definition, or its rows). The newer half holds the outbox rows' own commits,
   * whose leaves stay live; older chunks hold the schema migrations, and how many of their pages
   * later chunks replaced changes with every new migration.
   */
  private static void chunkBodies(Path file, FileChannel ch) throws IOException {
    List<long[]> chunks = chunks(Files.readAllBytes(file));
    for (int i = chunks.size() / 2; i < chunks.size() - 2; i++) {
      long[] chunk = chunks.get(i);
      for (long block = chunk[0] + 1; block < chunk[0] + chunk[1] - 1; block++) {
        ch.write(garbage(BLOCK), block * BLOCK);
      }
    }
  }

  /**
   * Every chunk as {first block, length in blocks}, from the chunk headers ({@code
   * chunk:1a,block:..,len:..}).
   */
  private static List<long[]> chunks(byte[] file) {
    List<long[]> chunks = new ArrayList<>();
    for (int block = 2; (long) block * BLOCK < file.length; block++) {
      String head =
          new String(
              file,
              block * BLOCK,
              Math.min(200, file.length - block * BLOCK),
              StandardCharsets.ISO_8859_1);
      if (head.startsWith("chunk:")) {
        for (String field : head.split("\n")[0].split(",")) {
          // a block can start with the remains of an older header: only a whole length counts
          if (field.startsWith("len:") && field.substring(4).matches("[0-9a-f]+")) {
            chunks.add(new long[] {block, Long.parseLong(field.substring(4), 16)});
          }
        }
      }
    }
    return chunks;
  }

  private static ByteBuffer garbage(int bytes) {
    byte[] b = new byte[bytes];
    new Random(bytes).nextBytes(b);
    return ByteBuffer.wrap(b);
  }
}
