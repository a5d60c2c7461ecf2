package io.chektbridge.daemon.store;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.h2.mvstore.Chunk;
import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVStore;

/**
 * H2's data file as it stood at one moment, copied while H2 goes on writing. From {@link #freeze}
 * to {@link #thaw} H2 does not reuse free space, so every chunk it writes lands past the end of the
 * chunks it had ({@link #length}) and the file before that end does not change, except its header,
 * which H2 rewrites in place and which is therefore taken at the moment itself. The copy is the
 * file as H2 had it at that moment, however long the copy takes.
 *
 * <p>This is how H2's own {@code BACKUP TO} works, with two differences: that one copies the header
 * whenever its copy gets there, and up to the file's end, where the chunks written during the copy
 * are.
 */
final class FrozenStore {
  /** H2's block: its file starts with two of them, one copy of the store header each. */
  private static final int BLOCK = 4096;

  private static final int HEADER_BYTES = 2 * BLOCK;
  private static final String CHUNK_KEY = "chunk.";

  private final Path file;
  private final byte[] header;
  private final long length;
  private final boolean reusedSpace;

  private FrozenStore(Path file, byte[] header, long length, boolean reusedSpace) {
    this.file = file;
    this.header = header;
    this.length = length;
    this.reusedSpace = reusedSpace;
  }

  /**
   * Fixes the moment: stores what H2 holds in memory and stops it reusing free space. The caller
   * holds the commit lock (no transaction is half applied) and calls {@link #thaw} in the end.
   */
  static FrozenStore freeze(MVStore store, Path file) throws IOException {
    store.commit();
    FileStore<?> fileStore = store.getFileStore();
    boolean reusedSpace = fileStore.isSpaceReused();
    fileStore.setReuseSpace(false);
    try {
      long length = endOfChunks(store, fileStore);
      return new FrozenStore(file, readHeader(file, length), length, reusedSpace);
    } catch (IOException | RuntimeException e) {
      fileStore.setReuseSpace(reusedSpace);
      throw e;
    }
  }

  /**
   * Where H2's last chunk ends: it allocates new chunks from there on while space is not reused.
   */
  private static long endOfChunks(MVStore store, FileStore<?> fileStore) throws IOException {
    long end = HEADER_BYTES;
    for (Map.Entry<String, String> e : store.getLayoutMap().entrySet()) {
      if (e.getKey().startsWith(CHUNK_KEY)) {
        Chunk<?> chunk = fileStore.createChunk(e.getValue());
        end = Math.max(end, (chunk.block + chunk.len) * BLOCK);
      }
    }
    if (end > fileStore.size()) {
      throw new IOException(
          "H2's chunks end at byte " + end + " but the file holds " + fileStore.size());
    }
    return end;
  }

  private static byte[] readHeader(Path file, long length) throws IOException {
    ByteBuffer header = ByteBuffer.allocate((int) Math.min(HEADER_BYTES, length));
    try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
      readFully(in, header, 0, file);
    }
    return header.array();
  }

  /** Lets H2 reuse free space again, as it did before; the caller holds the commit lock. */
  void thaw(MVStore store) {
    store.getFileStore().setReuseSpace(reusedSpace);
  }

  /**
   * Writes the copy as a zip of one entry named like the data file (restore: unzip it into
   * storage.path), aside first and then renamed over {@code zip}.
   */
  void writeZip(Path zip) throws IOException {
    Path temp = zip.resolveSibling(zip.getFileName() + ".part");
    try {
      try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ);
          ZipOutputStream out =
              new ZipOutputStream(new BufferedOutputStream(Files.newOutputStream(temp)))) {
        out.putNextEntry(new ZipEntry(file.getFileName().toString()));
        out.write(header);
        copy(in, out);
        out.closeEntry();
      }
      // a backup is what an installer restores after the disk failed: it must be on disk whole
      // before its name is, and before StorageBackup drops an older one
      DurableFiles.publish(temp, zip);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(temp);
      throw e;
    }
  }

  private void copy(FileChannel in, ZipOutputStream out) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    for (long at = header.length; at < length; at += buffer.limit()) {
      buffer.clear().limit((int) Math.min(buffer.capacity(), length - at));
      readFully(in, buffer, at, file);
      out.write(buffer.array(), 0, buffer.limit());
    }
  }

  private static void readFully(FileChannel in, ByteBuffer buffer, long at, Path file)
      throws IOException {
    while (buffer.hasRemaining()) {
      if (in.read(buffer, at + buffer.position()) < 0) {
        throw new IOException(
            file
                + " ended at byte "
                + (at + buffer.position())
                + " while H2's data reaches further");
      }
    }
  }
}
