package io.chektbridge.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.chektbridge.daemon.testing.BridgeYaml;
import io.chektbridge.daemon.testing.DaemonProcess;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run} that cannot start says so in one line: what failed, and what to do. No stack trace.
 */
class StartFailureProcessTest {
  @TempDir Path dir;

  @Test
  void aTakenStatusPortIsNamedWithTheCommandThatFindsItsHolder() throws Exception {
    try (ServerSocket squatter = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = squatter.getLocalPort();
      ChildCli r = ChildCli.run(config(port, DaemonProcess.freePort(), dir.resolve("data")), "run");

      assertOneLine(
          r,
          "status port (status.listen) cannot listen on 127.0.0.1:"
              + port
              + ": port "
              + port
              + " is in use by another program (a second chekt-bridge?); find it with: sudo ss -ltnup 'sport = :"
              + port
              + "'");
    }
  }

  @Test
  void aTakenDc09PortIsNamed() throws Exception {
    try (ServerSocket squatter = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = squatter.getLocalPort();
      ChildCli r = ChildCli.run(config(DaemonProcess.freePort(), port, dir.resolve("data")), "run");

      assertOneLine(
          r,
          "DC-09 receiver (receivers.dc09.listen) cannot listen on 127.0.0.1:"
              + port
              + ": port "
              + port
              + " is in use");
    }
  }

  @Test
  void aDataFolderTheUserMayNotWriteIsNamedWithTheUser() throws Exception {
    Path data = Files.createDirectories(dir.resolve("data"));
    ChildCli.lockOut(data, "rwxr-xr-x");

    ChildCli r =
        ChildCli.unprivileged(
            config(DaemonProcess.freePort(), DaemonProcess.freePort(), data), "run");

    assertOneLine(r, "data folder " + data + " (storage.path) is not writable by user ");
    assertThat(r.output()).contains("fix: sudo chown -R").doesNotContain("90028");
  }

  @Test
  void aDataPathThatIsAFileIsNamed() throws Exception {
    Path data = Files.writeString(dir.resolve("data"), "not a folder");

    ChildCli r =
        ChildCli.run(config(DaemonProcess.freePort(), DaemonProcess.freePort(), data), "run");

    assertOneLine(r, "data folder " + data + " (storage.path) is a file, not a folder");
  }

  private Path config(int statusPort, int dc09Port, Path data) throws Exception {
    return BridgeYaml.in(dir).statusPort(statusPort).dc09Port(dc09Port).storage(data).write();
  }

  private static void assertOneLine(ChildCli r, String expected) {
    assertThat(r.exit()).as(r.output()).isEqualTo(Main.FAILURE);
    assertThat(r.output().lines().filter(l -> l.contains("ERROR")))
        .as(r.output())
        .singleElement()
        .asString()
        .contains("chekt-bridge could not start: " + expected);
    assertThat(r.output()).as("no stack trace").doesNotContain("\tat ", "Exception");
  }
}
