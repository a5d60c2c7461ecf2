package io.chektbridge.daemon.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The segment log on real files: what was synced reads back exactly, whatever a crash left after
 * it.
 */
class SegmentLogTest {
  private static final int SEGMENT = 4096;

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void everySyncedRecordReadsBackAcrossSegmentsAndReopens(long seed) throws Exception {
    Random random = new Random(seed);
    List<byte[]> written = new ArrayList<>();
    try (SegmentLog log = SegmentLog.open(dir, SEGMENT, SegmentLog.Sync.DATA, 1)) {
      for (int batch = 0; batch < 40; batch++) {
        for (int i = random.nextInt(8); i >= 0; i--) {
          byte[] payload = payload(random, 1 + random.nextInt(600));
          assertThat(log.append(ByteBuffer.wrap(payload))).isEqualTo(written.size() + 1);
          written.add(payload);
        }
        log.sync();
        assertThat(log.durableSeq()).isEqualTo(written.size());
      }
    }
    assertThat(SegmentLog.segments(dir))
        .as("records crossed into several segments")
        .hasSizeGreaterThan(3);
    assertThat(readAll(1, Long.MAX_VALUE)).containsExactlyElementsOf(asLists(written));
    int from = 1 + random.nextInt(written.size());
    assertThat(readAll(from, Long.MAX_VALUE))
        .containsExactlyElementsOf(asLists(written.subList(from - 1, written.size())));
    try (SegmentLog reopened = SegmentLog.open(dir, SEGMENT, SegmentLog.Sync.DATA, 1)) {
      assertThat(reopened.nextSeq()).isEqualTo(written.size() + 1);
    }
  }

  /**
   * A crash in the middle of a write leaves the tail of the last record torn, or an old record's
   * bytes after it: every cut and every flipped byte ends the log exactly after the last whole
   * record.
   */
  @ParameterizedTest
  @ValueSource(longs = {11, 12, 13, 14, 15, 16})
  void aTornTailEndsTheLogAfterTheLastWholeRecordAndIsOverwritten(long seed) throws Exception {
    Random random = new Random(seed);
    for (int trial = 0; trial < 30; trial++) {
      Path d = dir.resolve("t" + seed + "-" + trial);
      List<byte[]> synced = new ArrayList<>();
      long tailOffset;
      try (SegmentLog log = SegmentLog.open(d, 1 << 16, SegmentLog.Sync.DATA, 1)) {
        for (int i = random.nextInt(20); i >= 0; i--) {
          byte[] p = payload(random, 1 + random.nextInt(300));
          log.append(ByteBuffer.wrap(p));
          synced.add(p);
        }
        log.sync();
        tailOffset = endOffset(d, synced.size());
        log.append(ByteBuffer.wrap(payload(random, 1 + random.nextInt(300))));
        log.sync();
      }
      damageTail(d, tailOffset, random);
      try (SegmentLog log = SegmentLog.open(d, 1 << 16, SegmentLog.Sync.DATA, 1)) {
        assertThat(log.nextSeq()).as("trial %d", trial).isEqualTo(synced.size() + 1);
        byte[] next = payload(random, 50);
        log.append(ByteBuffer.wrap(next));
        log.sync();
        synced.add(next);
      }
      assertThat(read(d, 1)).containsExactlyElementsOf(asLists(synced));
    }
  }

  @Test
  void aFailedSyncIsForgottenAndOverwritten() throws Exception {
    boolean[] fail = {false};
    SegmentLog.Sync flaky =
        ch -> {
          if (fail[0]) {
            throw new IOException("simulated");
          }
          ch.force(false);
        };
    try (SegmentLog log = SegmentLog.open(dir, SEGMENT, flaky, 1)) {
      log.append(ByteBuffer.wrap(new byte[] {1}));
      log.sync();
      fail[0] = true;
      log.append(ByteBuffer.wrap(new byte[] {2}));
      try {
        log.sync();
      } catch (IOException expected) {
        log.discardBatch();
      }
      fail[0] = false;
      assertThat(log.append(ByteBuffer.wrap(new byte[] {3}))).isEqualTo(2);
      log.sync();
    }
    assertThat(readAll(1, Long.MAX_VALUE)).containsExactly(List.of((byte) 1), List.of((byte) 3));
  }

  @Test
  void readersStopAtTheirLimitAndDeletionKeepsTheSegmentBeingWritten() throws Exception {
    Random random = new Random(7);
    try (SegmentLog log = SegmentLog.open(dir, SEGMENT, SegmentLog.Sync.DATA, 100)) {
      for (int i = 0; i < 60; i++) {
        log.append(ByteBuffer.wrap(payload(random, 200)));
      }
      log.sync();
      assertThat(readAll(100, 129)).hasSize(30);
      List<Long> before = SegmentLog.segments(dir);
      assertThat(log.deleteThrough(99)).isZero();
      int deleted = log.deleteThrough(1_000);
      assertThat(deleted).isEqualTo(before.size() - 1);
      assertThat(SegmentLog.segments(dir)).containsExactly(before.get(before.size() - 1));
      assertThat(readAll(before.get(before.size() - 1), Long.MAX_VALUE)).isNotEmpty();
    }
  }

  private static byte[] payload(Random random, int length) {
    byte[] b = new byte[length];
    random.nextBytes(b);
    return b;
  }

  /** Where record {@code count} + 1 starts in the only segment of {@code d}. */
  private static long endOffset(Path d, int count) throws IOException {
    try (SegmentLog.Reader r = new SegmentLog.Reader(d, 1, Long.MAX_VALUE);
        FileChannel ch = FileChannel.open(SegmentLog.file(d, 1), StandardOpenOption.READ)) {
      long offset = 0;
      ByteBuffer header = ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < count; i++) {
        header.clear();
        ch.read(header, offset);
        offset += SegmentLog.HEADER_BYTES + header.getInt(0);
      }
      return offset;
    }
  }

  /** Cuts the last record short (zeros from a random point) or flips one of its bytes. */
  private static void damageTail(Path d, long offset, Random random) throws IOException {
    try (FileChannel ch =
        FileChannel.open(
            SegmentLog.file(d, 1), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer header = ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
      ch.read(header, offset);
      int size = SegmentLog.HEADER_BYTES + header.getInt(0);
      int at = random.nextInt(size);
      if (random.nextBoolean()) {
        ch.write(ByteBuffer.allocate(size - at), offset + at);
      } else {
        ByteBuffer one = ByteBuffer.allocate(1);
        ch.read(one, offset + at);
        one.put(0, (byte) (one.get(0) ^ (1 << random.nextInt(8)))).rewind();
        ch.write(one, offset + at);
      }
    }
  }

  private List<List<Byte>> readAll(long from, long limit) throws IOException {
    try (SegmentLog.Reader r = new SegmentLog.Reader(dir, from, limit)) {
      return drain(r);
    }
  }

  private static List<List<Byte>> read(Path d, long from) throws IOException {
    try (SegmentLog.Reader r = new SegmentLog.Reader(d, from, Long.MAX_VALUE)) {
      return drain(r);
    }
  }

  private static List<List<Byte>> drain(SegmentLog.Reader r) throws IOException {
    List<List<Byte>> out = new ArrayList<>();
    SegmentLog.Entry e;
    while ((e = r.next()) != null) {
      byte[] b = new byte[e.payload().remaining()];
      e.payload().get(b);
      out.add(asList(b));
    }
    return out;
  }

  private static List<List<Byte>> asLists(List<byte[]> arrays) {
    List<List<Byte>> out = new ArrayList<>();
    arrays.forEach(a -> out.add(asList(a)));
    return out;
  }

  private static List<Byte> asList(byte[] a) {
    Byte[] boxed = new Byte[a.length];
    Arrays.setAll(boxed, i -> a[i]);
    return List.of(boxed);
  }
}
