package io.chektbridge.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the disk itself allows a durable journal: 512-byte appends, each followed by {@link
 * FileChannel#force force(false)}, for two seconds, in the directory the daemon's data lives in.
 * The receiver's lock-step rate is judged against this figure from the same run.
 */
final class FsyncProbe {
  private static final int RECORD = 512;
  private static final long RUN_NANOS = 2_000_000_000L;

  private FsyncProbe() {}

  static Map<String, Object> run(Path directory) throws IOException {
    Path file = Files.createTempFile(directory, "fsync-probe", ".bin");
    ByteBuffer record = ByteBuffer.allocateDirect(RECORD);
    long appends = 0;
    long started;
    long elapsed;
    try (FileChannel ch =
        FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      started = System.nanoTime();
      do {
        record.clear();
        while (record.hasRemaining()) {
          ch.write(record);
        }
        ch.force(false);
        appends++;
        elapsed = System.nanoTime() - started;
      } while (elapsed < RUN_NANOS);
    } finally {
      Files.deleteIfExists(file);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("appends", appends);
    out.put("seconds", elapsed / 1e9);
    out.put("appends_per_s", Math.round(appends / (elapsed / 1e9)));
    out.put("host_load_average", HostLoad.averages());
    return out;
  }
}
