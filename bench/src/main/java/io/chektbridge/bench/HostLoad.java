package io.chektbridge.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The host's load averages from {@code /proc/loadavg}, kept beside each figure: the bench machine's
 * cores are shared, and a latency measured at load 8 on 2 cores says more about the neighbours.
 */
final class HostLoad {
  private HostLoad() {}

  /** {@code "1m 5m 15m"}, e.g. {@code "0.52 0.61 0.70"}. */
  static String averages() throws IOException {
    String[] f = Files.readString(Path.of("/proc/loadavg")).strip().split(" ");
    return f[0] + " " + f[1] + " " + f[2];
  }
}
