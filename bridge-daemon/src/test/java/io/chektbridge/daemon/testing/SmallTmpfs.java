package io.chektbridge.daemon.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real filesystem of 4 MiB that a test can fill, mounted over a folder (tmpfs; mounting needs
 * root, as CI has: scripts/test.sh runs as root there).
 */
public final class SmallTmpfs implements AutoCloseable {
  private final Path mount;

  private SmallTmpfs(Path mount) {
    this.mount = mount;
  }

  /** Mounts it over {@code folder}, created if missing. */
  public static SmallTmpfs mount(Path folder) throws Exception {
    Files.createDirectories(folder);
    Process p =
        new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", folder.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor())
        .as("mounting a 4 MiB tmpfs for a disk-full test needs root: %s", output)
        .isZero();
    return new SmallTmpfs(folder);
  }

  public Path path() {
    return mount;
  }

  /** Unmounts it (lazily, so a file still open does not keep it). */
  @Override
  public void close() throws IOException {
    try {
      new ProcessBuilder("umount", "-l", mount.toString()).start().waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
