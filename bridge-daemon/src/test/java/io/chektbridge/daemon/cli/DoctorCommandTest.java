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

class DoctorCommandTest {
  @TempDir Path dir;

  @Test
  void reportsAMissingSerialPortAndAPortTakenByAnotherProgram() throws Exception {
    try (ServerSocket squatter = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Path config =
          BridgeYaml.in(dir)
              .dc09Port(squatter.getLocalPort())
              .statusPort(RunUnderSystemdTest.freePort())
              .serial(dir.resolve("ttyUSB9"))
              .write();
      CliRun r = CliRun.of("doctor", "--config", config.toString());
      assertThat(r.exit()).as(r.out()).isEqualTo(Main.FAILURE);
      assertThat(r.out())
          .contains("[ OK ] config")
          .contains("[FAIL] serial " + dir.resolve("ttyUSB9") + ": the device does not exist")
          .contains(
              "[FAIL] DC-09 receiver 127.0.0.1:"
                  + squatter.getLocalPort()
                  + ": in use by another program")
          .contains("sudo ss -ltnup 'sport = :" + squatter.getLocalPort() + "'")
          .containsPattern("\\[ OK \\] status port 127.0.0.1:\\d+: free")
          .containsPattern("\\[ OK \\] disk space .*: \\d+ MiB free")
          .contains("[SKIP] cloud https://api.chekt.com: cloud sync is off")
          .contains("[FAIL] data folder " + dir.resolve("data") + ": does not exist")
          .contains(
              "[SKIP] database "
                  + dir.resolve("data").resolve("chekt-bridge.mv.db")
                  + ": there is no database")
          .contains("3 problem(s) to fix.");
    }
  }

  @Test
  void aDamagedDatabaseIsAProblemWithTheRecoverCommand() throws Exception {
    Path data = dir.resolve("data");
    io.chektbridge.daemon.store.DamagedFiles.damage(
        io.chektbridge.daemon.store.DamagedFiles.withPendingOutbox(data, 10),
        io.chektbridge.daemon.store.DamagedFiles.Kind.ZERO_LENGTH);
    Path config = DaemonProcess.config(dir).storage(data).write();

    CliRun r = CliRun.of("doctor", "--config", config.toString());

    assertThat(r.out())
        .contains(
            "[FAIL] database "
                + data.resolve("chekt-bridge.mv.db")
                + ": DAMAGED: the file is "
                + "empty (0 bytes). Stop the service and run: chekt-bridge storage recover")
        .contains(
            "fix: sudo systemctl stop chekt-bridge; sudo -u chekt-bridge chekt-bridge storage recover");
  }

  @Test
  void anInvalidConfigIsTheFirstThingToFix() throws Exception {
    Path config =
        Files.writeString(
            dir.resolve("bridge.yaml"), "partitions:\n  - number: 1\n    exit_dealy: 30s\n");
    CliRun r = CliRun.of("doctor", "--config", config.toString());
    assertThat(r.exit()).isEqualTo(Main.FAILURE);
    assertThat(r.out())
        .contains(
            "[FAIL] config",
            "partitions[0].exit_dealy: unknown key 'exit_dealy'",
            "fix: edit the file");
  }
}
