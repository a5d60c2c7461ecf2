package io.chektbridge.daemon.link.tcp;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A serial device server made of socat: it listens on a loopback TCP port like ser2net or an NPort
 * in raw mode and bridges the connection to a pseudo-terminal, whose other end the test writes
 * panel lines to. Killing it is the device server losing power; starting it again on the same port
 * brings it back.
 */
final class SocatDeviceServer implements AutoCloseable {
  final Path panelEnd;
  final int port;
  private Process socat;

  SocatDeviceServer(Path dir) throws IOException {
    this.panelEnd = dir.resolve("panel-tty");
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      this.port = probe.getLocalPort();
    }
  }

  SocatDeviceServer powerOn() throws IOException {
    socat =
        new ProcessBuilder(
                "socat",
                "-d",
                "-d",
                "TCP-LISTEN:" + port + ",bind=127.0.0.1,reuseaddr",
                "pty,raw,echo=0,link=" + panelEnd)
            .redirectErrorStream(true)
            .redirectOutput(
                ProcessBuilder.Redirect.appendTo(panelEnd.resolveSibling("socat.log").toFile()))
            .start();
    return this;
  }

  void powerOff() throws InterruptedException {
    socat.destroy();
    socat.waitFor(10, TimeUnit.SECONDS);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !Files.exists(panelEnd, LinkOption.NOFOLLOW_LINKS));
  }

  @Override
  public void close() throws InterruptedException {
    if (socat != null && socat.isAlive()) {
      powerOff();
    }
  }
}
