package io.chektbridge.daemon.ops;

import io.chektbridge.daemon.config.BridgeConfig;
import io.chektbridge.daemon.config.HostPort;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The checks behind {@code chekt-bridge doctor}: the things that stop a bridge on a fresh box —
 * serial permissions, ports taken by another program, an unsynchronized clock (DC-09 timestamps are
 * rejected outside their window), a full disk, and the cloud out of reach. Each says what to fix.
 */
public final class Doctor {
  static final long DISK_FAIL_BYTES = 100L * 1024 * 1024;
  static final long DISK_WARN_BYTES = 1024L * 1024 * 1024;

  private final BridgeConfig config;
  private final Duration timeout;

  public Doctor(BridgeConfig config, Duration timeout) {
    this.config = config;
    this.timeout = timeout;
  }

  public List<DoctorCheck> run() {
    List<DoctorCheck> out = new ArrayList<>();
    config.receivers().serial().forEach(s -> out.add(serial(Path.of(s.port()))));
    out.add(port("DC-09 receiver", config.receivers().dc09().listen()));
    out.add(port("status port", config.status().listen()));
    out.add(clock());
    out.add(disk(config.storage().path()));
    out.add(DataFolderChecks.writable(config.storage().path()));
    out.add(DataFolderChecks.integrity(config.storage().path()));
    out.add(cloud());
    return out;
  }

  static DoctorCheck serial(Path port) {
    String name = "serial " + port;
    if (!Files.exists(port)) {
      return DoctorCheck.fail(
          name,
          "the device does not exist",
          "plug the adapter in and check `chekt-bridge serial-ports` or ls /dev/serial/by-id/; fix receivers.serial[].port");
    }
    if (!Files.isReadable(port) || !Files.isWritable(port)) {
      return DoctorCheck.fail(
          name,
          "no read/write permission for " + System.getProperty("user.name"),
          "sudo usermod -aG dialout chekt-bridge (the service user); for yourself: sudo usermod -aG dialout $USER and log in again");
    }
    return DoctorCheck.ok(name, "readable and writable");
  }

  /**
   * Free, or held by a running chekt-bridge (whose status port answers), is fine; anything else is
   * a conflict.
   */
  DoctorCheck port(String what, HostPort listen) {
    String name = what + " " + listen;
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(listen.toAddress());
      return DoctorCheck.ok(name, "free");
    } catch (IOException e) {
      if (bridgeAnswers()) {
        return DoctorCheck.ok(name, "in use by the running chekt-bridge");
      }
      return DoctorCheck.fail(
          name,
          "in use by another program (" + e.getMessage() + ")",
          "find it with: sudo ss -ltnup 'sport = :"
              + listen.port()
              + "' and stop it, or choose another port in the config");
    }
  }

  private boolean bridgeAnswers() {
    HostPort s = config.status().listen();
    String host =
        s.host().equals("0.0.0.0") ? "127.0.0.1" : s.host().equals("::") ? "::1" : s.host();
    try {
      HttpResponse<String> r =
          HttpClient.newBuilder()
              .connectTimeout(timeout)
              .build()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://" + new HostPort(host, s.port()) + "/healthz"))
                      .timeout(timeout)
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 && r.body().startsWith("ok");
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  static DoctorCheck clock() {
    String name = "clock sync";
    if (Files.exists(Path.of("/run/systemd/timesync/synchronized"))) {
      return DoctorCheck.ok(name, "systemd-timesyncd reports the clock synchronized");
    }
    String answer = run("timedatectl", "show", "-p", "NTPSynchronized", "--value");
    if ("yes".equals(answer)) {
      return DoctorCheck.ok(name, "NTP synchronized");
    }
    String fix =
        "sudo timedatectl set-ntp true (or install chrony); a wrong clock makes DC-09 frames fall "
            + "outside their time window and get NAKed";
    if ("no".equals(answer)) {
      return DoctorCheck.fail(name, "the clock is not synchronized", fix);
    }
    return DoctorCheck.warn(
        name, "cannot tell whether the clock is synchronized (no timedatectl answer)", fix);
  }

  static DoctorCheck disk(Path storage) {
    String name = "disk space " + storage;
    Path existing = FreeSpace.nearestExisting(storage);
    if (existing == null) {
      return DoctorCheck.fail(name, "no part of the path exists", "create it or fix storage.path");
    }
    try {
      long free = FreeSpace.usableBytes(existing);
      String detail = (free / (1024 * 1024)) + " MiB free";
      if (free < DISK_FAIL_BYTES) {
        return DoctorCheck.fail(
            name,
            detail,
            "free space on that disk: events cannot be stored (no ACK to the panel) when it is full");
      }
      if (free < DISK_WARN_BYTES) {
        return DoctorCheck.warn(
            name, detail, "less than 1 GiB left; a long cloud outage buffers events here");
      }
      return DoctorCheck.ok(name, detail);
    } catch (IOException e) {
      return DoctorCheck.fail(
          name, "cannot read free space: " + e.getMessage(), "check storage.path");
    }
  }

  DoctorCheck cloud() {
    URI base = config.cloud().baseUrl();
    String name = "cloud " + base;
    if (!config.cloudSyncEnabled()) {
      return DoctorCheck.skip(
          name, "cloud sync is off (no cloud.auth); run chekt-bridge init to set credentials");
    }
    int port = base.getPort() > 0 ? base.getPort() : "https".equals(base.getScheme()) ? 443 : 80;
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(base.getHost(), port), (int) timeout.toMillis());
      return DoctorCheck.ok(
          name,
          "reachable (TCP connect to port "
              + port
              + "); check credentials with chekt-bridge cloud check");
    } catch (IOException e) {
      return DoctorCheck.fail(
          name,
          "not reachable: " + e.getMessage(),
          "check DNS (getent hosts "
              + base.getHost()
              + "), the default route and the firewall for outbound port "
              + port
              + "; events are buffered meanwhile");
    }
  }

  /** Runs a small system tool; null when it is missing or fails. */
  private static String run(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      if (!p.waitFor(5, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return null;
      }
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      return p.exitValue() == 0 ? out : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
