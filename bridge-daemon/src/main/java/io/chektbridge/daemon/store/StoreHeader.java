package io.chektbridge.daemon.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.h2.mvstore.DataUtils;

/**
 * H2's file header: the first two 4 KiB blocks, each holding the same line ({@code
 * H:2,blockSize:1000,created:..,format:3,fletcher:..}). With both copies damaged H2 (and its
 * Recover tool) refuses the whole file, although every chunk after them may be whole; a minimal
 * header without a chunk pointer makes H2 find the newest chunk at the end of the file, as after a
 * crash.
 */
final class StoreHeader {
  private static final int BLOCK = 4096;

  private StoreHeader() {}

  /**
   * Writes a fresh minimal header over both copies in {@code file}; only ever on a salvage copy.
   */
  static void rewrite(Path file) throws IOException {
    String fields =
        "H:2,blockSize:1000,created:" + Long.toHexString(System.currentTimeMillis()) + ",format:3";
    byte[] bytes = fields.getBytes(StandardCharsets.ISO_8859_1);
    int checksum = DataUtils.getFletcher32(bytes, 0, bytes.length);
    byte[] line =
        (fields + ",fletcher:" + Integer.toHexString(checksum) + "\n")
            .getBytes(StandardCharsets.ISO_8859_1);
    ByteBuffer header = ByteBuffer.allocate(2 * BLOCK);
    header.put(line);
    header.position(BLOCK);
    header.put(line);
    header.rewind();
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      while (header.hasRemaining()) {
        channel.write(header, header.position());
      }
      channel.force(true);
    }
  }
}
