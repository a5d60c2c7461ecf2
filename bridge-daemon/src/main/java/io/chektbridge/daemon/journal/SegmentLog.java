package io.chektbridge.daemon.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * An append-only log of numbered records in preallocated segment files: the point at which a panel
 * message is durable, so the point after which it may be acknowledged.
 *
 * <p>A record is {@code [int length][int crc32c][long seq][payload]}, little-endian, the CRC over
 * seq and payload. Segments are named by the seq of their first record and zero-filled to their
 * full size when created (and that size synced), so an append only overwrites zeros inside a file
 * whose length and blocks are already on disk: {@link FileChannel#force force(false)} then syncs
 * the data alone, and a full disk is met when a segment is created, never half way through a
 * record.
 *
 * <p>The end of the log is the first record that is zero, torn (CRC wrong) or out of sequence: a
 * write cut short by a crash was never synced, so never acknowledged, and the next append
 * overwrites it.
 *
 * <p>Not thread-safe: the caller serialises every call under one lock, except {@link #force}, which
 * may overlap appends (see there). Readers ({@link Reader}) may read concurrently up to {@link
 * #durableSeq()}.
 */
public final class SegmentLog implements AutoCloseable {
  static final int HEADER_BYTES = 16;

  /**
   * Larger than any record the journal writes (8 KiB raw plus decoded events), so garbage is never
   * read as a length.
   */
  static final int MAX_PAYLOAD = 256 * 1024;

  private static final String SUFFIX = ".seg";

  /**
   * How a segment reaches the disk; tests swap it to hold a sync and watch that nothing is
   * acknowledged meanwhile.
   */
  @FunctionalInterface
  public interface Sync {
    void force(FileChannel channel) throws IOException;

    Sync DATA = channel -> channel.force(false);
  }

  private final Path directory;
  private final int segmentBytes;
  private final Sync sync;
  private final ByteBuffer batch =
      ByteBuffer.allocateDirect(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
  private final CRC32C crc = new CRC32C();
  private final ByteBuffer seqBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
  private FileChannel segment;
  private long segmentFirstSeq = -1;

  /** Where the next record goes in the current segment, and its seq. */
  private long writeOffset;

  private long nextSeq;

  /**
   * Records written to {@link #batch} but not yet to the file: their seqs start at {@link
   * #durableSeq} + 1.
   */
  private long batchedOffset;

  /** The synced end: {@link #discardBatch} goes back here. */
  private long durableOffset;

  private volatile long durableSeq;

  private SegmentLog(Path directory, int segmentBytes, Sync sync) {
    this.directory = directory;
    this.segmentBytes = segmentBytes;
    this.sync = sync;
  }

  /**
   * Opens the log in {@code directory} (created if missing) and finds its end. {@code
   * firstSeqIfEmpty} numbers the first record of a log that holds none.
   */
  public static SegmentLog open(Path directory, int segmentBytes, Sync sync, long firstSeqIfEmpty)
      throws IOException {
    Files.createDirectories(directory);
    SegmentLog log = new SegmentLog(directory, segmentBytes, sync);
    List<Long> segments = segments(directory);
    if (segments.isEmpty()) {
      log.nextSeq = firstSeqIfEmpty;
    } else {
      log.openTail(segments.get(segments.size() - 1));
    }
    log.durableSeq = log.nextSeq - 1;
    log.durableOffset = log.writeOffset;
    return log;
  }

  private void openTail(long firstSeq) throws IOException {
    segment =
        FileChannel.open(
            file(directory, firstSeq), StandardOpenOption.READ, StandardOpenOption.WRITE);
    segmentFirstSeq = firstSeq;
    try (Reader r = new Reader(directory, firstSeq, Long.MAX_VALUE)) {
      while (r.next() != null) {
        // scanning to the end
      }
      writeOffset = r.offset;
      nextSeq = r.expectedSeq;
    }
  }

  /** The seq the next appended record gets. */
  public long nextSeq() {
    return nextSeq;
  }

  /** The highest seq on disk (synced); readers read up to here. */
  public long durableSeq() {
    return durableSeq;
  }

  /**
   * Starts numbering at {@code seq} when that is past the log's own end (the database is ahead of a
   * log that was deleted or lost): the next record begins a new segment, so each segment stays
   * gapless.
   */
  public void skipTo(long seq) throws IOException {
    if (seq > nextSeq) {
      closeSegment();
      nextSeq = seq;
      durableSeq = seq - 1;
      writeOffset = 0;
      durableOffset = 0;
    }
  }

  /**
   * Adds a record to the pending batch and returns its seq; nothing is on disk before {@link
   * #sync()}.
   */
  public long append(ByteBuffer payload) throws IOException {
    int length = payload.remaining();
    if (length == 0 || length > MAX_PAYLOAD) {
      throw new IllegalArgumentException("record payload of " + length + " bytes");
    }
    int size = HEADER_BYTES + length;
    if (segment == null || writeOffset + batchedOffset + size > segmentBytes) {
      roll(size);
    }
    if (batch.remaining() < size) {
      writeBatch();
    }
    long seq = nextSeq++;
    crc.reset();
    crc.update(seqBytes.clear().putLong(0, seq));
    crc.update(payload.duplicate());
    batch.putInt(length).putInt((int) crc.getValue()).putLong(seq).put(payload);
    batchedOffset += size;
    return seq;
  }

  /**
   * Writes the pending batch and forces it to disk; when this returns every appended record is
   * durable.
   */
  public void sync() throws IOException {
    Written written = writeBuffered();
    force(written);
    markDurable(written);
  }

  /**
   * What {@link #writeBuffered} put into the file: the last record's seq, the end offset, and the
   * segment holding them. Forcing that segment makes them durable.
   */
  public record Written(long seq, long offset, FileChannel segment) {}

  /** Writes the buffered records into the file (page cache, not yet durable). */
  public Written writeBuffered() throws IOException {
    writeBatch();
    return new Written(nextSeq - 1, writeOffset, segment);
  }

  /**
   * Forces what {@code written} names to disk. The only step that may run while another thread goes
   * on appending (under the caller's lock): a positional write and a force on one channel do not
   * interfere, and records written after {@link #writeBuffered} are simply not claimed by this
   * force. The caller keeps {@link #append}'s segment roll and {@link #discardBatch} from running
   * meanwhile.
   */
  public void force(Written written) throws IOException {
    if (written.segment() != null) {
      sync.force(written.segment());
    }
  }

  /** Records that a {@link #force} of {@code written} returned: its records may be acknowledged. */
  public void markDurable(Written written) {
    if (written.seq() > durableSeq) {
      durableOffset = written.offset();
      durableSeq = written.seq();
    }
  }

  /**
   * Whether appending a payload of up to {@code payloadBytes} could start a new segment (which
   * syncs the old one).
   */
  public boolean mayRoll(int payloadBytes) {
    return segment == null
        || writeOffset + batchedOffset + HEADER_BYTES + payloadBytes > segmentBytes;
  }

  /**
   * After a failed {@link #append} or {@link #sync}: forgets everything since the last sync. Those
   * records were never acknowledged; the next records overwrite them.
   */
  public void discardBatch() {
    batch.clear();
    batchedOffset = 0;
    writeOffset = durableOffset;
    nextSeq = durableSeq + 1;
  }

  private void writeBatch() throws IOException {
    if (batchedOffset == 0) {
      return;
    }
    batch.flip();
    long position = writeOffset;
    while (batch.hasRemaining()) {
      position += segment.write(batch, position);
    }
    batch.clear();
    writeOffset += batchedOffset;
    batchedOffset = 0;
  }

  /** Ends the current segment (synced) and starts a new, zero-filled one named by the next seq. */
  private void roll(int recordSize) throws IOException {
    if (recordSize > segmentBytes) {
      throw new IOException(
          "a record of " + recordSize + " bytes does not fit a segment of " + segmentBytes);
    }
    if (segment != null) {
      sync();
    }
    closeSegment();
    Path file = file(directory, nextSeq);
    Path temp = directory.resolve(file.getFileName() + ".new");
    try (FileChannel fresh =
        FileChannel.open(
            temp,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      ByteBuffer zeros = ByteBuffer.allocateDirect(64 * 1024);
      for (long at = 0; at < segmentBytes; at += zeros.capacity()) {
        zeros.clear().limit((int) Math.min(zeros.capacity(), segmentBytes - at));
        while (zeros.hasRemaining()) {
          fresh.write(zeros, at + zeros.position());
        }
      }
      fresh.force(true);
    } catch (IOException e) {
      Files.deleteIfExists(temp);
      throw e;
    }
    Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    syncDirectory();
    segment = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
    segmentFirstSeq = nextSeq;
    writeOffset = 0;
    durableOffset = 0;
  }

  private void syncDirectory() throws IOException {
    try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
      dir.force(true);
    }
  }

  private void closeSegment() throws IOException {
    if (segment != null) {
      segment.close();
      segment = null;
    }
    segmentFirstSeq = -1;
  }

  /**
   * Deletes the segments whose records all lie at or below {@code seq}, never the one being
   * written. Returns how many were deleted.
   */
  public int deleteThrough(long seq) throws IOException {
    List<Long> all = segments(directory);
    int deleted = 0;
    for (int i = 0; i + 1 < all.size(); i++) {
      long nextFirst = all.get(i + 1);
      if (nextFirst - 1 > seq || all.get(i) == segmentFirstSeq) {
        break;
      }
      Files.delete(file(directory, all.get(i)));
      deleted++;
    }
    return deleted;
  }

  /** The first seq of every segment, in order. */
  static List<Long> segments(Path directory) throws IOException {
    List<Long> firsts = new ArrayList<>();
    if (!Files.isDirectory(directory)) {
      return firsts;
    }
    try (Stream<Path> files = Files.list(directory)) {
      files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(SUFFIX) && n.length() == 20 + SUFFIX.length())
          .forEach(n -> firsts.add(Long.parseLong(n.substring(0, 20))));
    }
    firsts.sort(null);
    return firsts;
  }

  static Path file(Path directory, long firstSeq) {
    return directory.resolve(String.format("%020d%s", firstSeq, SUFFIX));
  }

  public Path directory() {
    return directory;
  }

  @Override
  public void close() throws IOException {
    closeSegment();
  }

  /** One record read back: its seq and payload (a view valid until the next read). */
  public record Entry(long seq, ByteBuffer payload) {}

  /**
   * Reads records in order from a given seq up to a limit, crossing into the next segment when one
   * ends. Stops at the end of the log: a zero, torn or out-of-sequence record.
   */
  public static final class Reader implements AutoCloseable {
    private final Path directory;
    private final ByteBuffer header =
        ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    private final CRC32C crc = new CRC32C();
    private ByteBuffer payload = ByteBuffer.allocate(4096);
    private FileChannel channel;
    private long limitSeq;
    private long offset;
    private long expectedSeq;

    /** A reader that returns records from {@code fromSeq} up to {@code limitSeq} (inclusive). */
    public Reader(Path directory, long fromSeq, long limitSeq) throws IOException {
      this.directory = directory;
      this.limitSeq = limitSeq;
      List<Long> all = segments(directory);
      long start = -1;
      for (long first : all) {
        if (first <= fromSeq) {
          start = first;
        }
      }
      if (start < 0) {
        // nothing at or before fromSeq: begin at the first segment after it, if any
        start = all.stream().filter(f -> f > fromSeq).findFirst().orElse(-1L);
      }
      if (start >= 0) {
        openSegment(start);
        this.limitSeq = fromSeq - 1;
        while (next() != null) {
          // skipping the records before fromSeq
        }
        this.limitSeq = limitSeq;
      } else {
        expectedSeq = fromSeq;
      }
    }

    /** Lets a long-lived reader go on past its first limit as the log grows. */
    public void limit(long seq) {
      limitSeq = seq;
    }

    /** The seq the next record must carry. */
    public long expectedSeq() {
      return expectedSeq;
    }

    private void openSegment(long firstSeq) throws IOException {
      close();
      channel = FileChannel.open(file(directory, firstSeq), StandardOpenOption.READ);
      offset = 0;
      expectedSeq = firstSeq;
    }

    /** The next record, or null at the end of the log or past the limit. */
    public Entry next() throws IOException {
      if (expectedSeq > limitSeq) {
        return null;
      }
      Entry e = channel == null ? null : readAt();
      if (e == null && Files.exists(file(directory, expectedSeq))) {
        openSegment(expectedSeq);
        e = readAt();
      }
      return e;
    }

    private Entry readAt() throws IOException {
      header.clear();
      if (!readFully(header, offset)) {
        return null;
      }
      int length = header.getInt(0);
      long seq = header.getLong(8);
      if (length <= 0 || length > MAX_PAYLOAD || seq != expectedSeq) {
        return null;
      }
      if (payload.capacity() < length) {
        payload = ByteBuffer.allocate(Math.max(length, payload.capacity() * 2));
      }
      payload.clear().limit(length);
      if (!readFully(payload, offset + HEADER_BYTES)) {
        return null;
      }
      payload.flip();
      crc.reset();
      crc.update(header.array(), 8, 8);
      crc.update(payload.array(), 0, length);
      if ((int) crc.getValue() != header.getInt(4)) {
        return null;
      }
      offset += HEADER_BYTES + length;
      expectedSeq++;
      return new Entry(seq, payload.asReadOnlyBuffer());
    }

    private boolean readFully(ByteBuffer into, long position) throws IOException {
      long at = position;
      while (into.hasRemaining()) {
        int n = channel.read(into, at);
        if (n < 0) {
          return false;
        }
        at += n;
      }
      return true;
    }

    @Override
    public void close() throws IOException {
      if (channel != null) {
        channel.close();
        channel = null;
      }
    }
  }
}
