package io.chektbridge.daemon.link.serial;

import static org.awaitility.Awaitility.await;

import io.chektbridge.daemon.ops.Metrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A null-modem cable in software: socat joins two pseudo-terminals and names them by symlinks. The
 * bridge opens one end like a USB adapter, the test plays the panel on the other; killing socat is
 * pulling the cable (both ends hang up and the links vanish), starting it again plugs it back in.
 */
final class PtyPair implements AutoCloseable {
  final Path bridgeEnd;
  final Path panelEnd;
  private Process socat;

  PtyPair(Path dir) {
    this.bridgeEnd = dir.resolve("bridge-tty");
    this.panelEnd = dir.resolve("panel-tty");
  }

  PtyPair plugIn() throws IOException {
    socat =
        new ProcessBuilder(
                "socat",
                "-d",
                "-d",
                "pty,raw,echo=0,link=" + bridgeEnd,
                "pty,raw,echo=0,link=" + panelEnd)
            .redirectErrorStream(true)
            .redirectOutput(
                ProcessBuilder.Redirect.appendTo(bridgeEnd.resolveSibling("socat.log").toFile()))
            .start();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> Files.exists(bridgeEnd) && Files.exists(panelEnd));
    return this;
  }

  void unplug() throws InterruptedException {
    socat.destroy();
    socat.waitFor(10, TimeUnit.SECONDS);
    // both links gone, so the next plugIn never finds one left over from this socat
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                !Files.exists(bridgeEnd, LinkOption.NOFOLLOW_LINKS)
                    && !Files.exists(panelEnd, LinkOption.NOFOLLOW_LINKS));
  }

  /**
   * Waits until the serial link on {@code bridgeEnd} reports its port open (or closed) in the
   * metrics.
   */
  static void awaitLinkConnected(Metrics metrics, Path bridgeEnd, boolean connected) {
    String line =
        "chekt_bridge_serial_connected{port=\"" + bridgeEnd + "\"} " + (connected ? 1 : 0);
    await().atMost(Duration.ofSeconds(20)).until(() -> metrics.render().contains(line));
  }

  @Override
  public void close() throws InterruptedException {
    if (socat != null && socat.isAlive()) {
      unplug();
    }
  }
}
