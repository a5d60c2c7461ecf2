package io.chektbridge.daemon.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.chektbridge.daemon.config.Durations;
import io.chektbridge.sia.Dc09Keys;
import io.chektbridge.sia.Dc09Token;
import io.chektbridge.sia.KeyFormat;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code send-test}: sends DC-09 frames to a receiver and reports each answer and the throughput.
 * An installer commissions a receiver with a handful of frames; the benchmarks drive load with it.
 */
@Command(
    name = "send-test",
    mixinStandardHelpOptions = true,
    description =
        "Send DC-09 test frames to a receiver (TCP or UDP, plain or AES) and report ACK/NAK/DUH, "
            + "throughput and ACK latency.")
public final class SendTestCommand implements Callable<Integer> {
  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description = "Receiver address (default ${DEFAULT-VALUE})")
  String host;

  @Option(
      names = "--port",
      defaultValue = "12000",
      description = "Receiver port (default ${DEFAULT-VALUE})")
  int port;

  @Option(names = "--udp", description = "Send over UDP (one frame per datagram) instead of TCP")
  boolean udp;

  @Option(
      names = "--account",
      defaultValue = "1234",
      description = "Account (default ${DEFAULT-VALUE})")
  String account;

  @Option(
      names = "--key",
      paramLabel = "KEY",
      description =
          "AES key: encrypt the frames (*SIA-DCS). "
              + "Prefer --key-file: arguments show in ps and the shell history")
  String key;

  @Option(
      names = "--key-file",
      paramLabel = "FILE",
      description = "Read the AES key from FILE, or - for standard input")
  String keyFile;

  @Option(names = "--key-format", defaultValue = "hex", description = "hex (default) or text")
  KeyFormat keyFormat;

  @Option(
      names = "--token",
      defaultValue = "SIA-DCS",
      description = "SIA-DCS (default), ADM-CID or NULL")
  String token;

  @Option(
      names = "--data",
      defaultValue = "Nri1/RP",
      description = "Payload after #acct| (default ${DEFAULT-VALUE}: a periodic test)")
  String data;

  @Option(
      names = "--count",
      defaultValue = "1",
      description = "Frames per connection (default ${DEFAULT-VALUE})")
  int count;

  @Option(
      names = "--connections",
      defaultValue = "1",
      description = "Parallel connections (default ${DEFAULT-VALUE})")
  int connections;

  @Option(
      names = "--window",
      defaultValue = "1",
      description = "Frames in flight per connection; 1 = lock-step (default)")
  int window;

  @Option(
      names = "--rate",
      defaultValue = "0",
      description = "Frames per second over all connections; 0 = as fast as answered")
  int rate;

  @Option(
      names = "--timeout",
      defaultValue = "5s",
      description = "How long to wait for an answer (default ${DEFAULT-VALUE})")
  String timeout;

  @Option(names = "--json", description = "Print one JSON summary instead of text")
  boolean json;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Dc09Token kind = Dc09Token.fromWire(token);
    if (kind == null || !kind.isRequest()) {
      err.println("--token must be SIA-DCS, ADM-CID or NULL");
      return Main.USAGE;
    }
    SendTestRun.Plan plan;
    try {
      String aesKey = key();
      plan =
          new SendTestRun.Plan(
              host,
              port,
              udp,
              account,
              aesKey == null ? null : Dc09Keys.parse(aesKey, keyFormat),
              kind,
              data,
              count,
              connections,
              Math.max(1, window),
              rate,
              Durations.parse(timeout));
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      return Main.USAGE;
    }
    boolean listEach = !json && (long) count * connections <= 20;
    SendTestRun.Result r = new SendTestRun(plan, listEach ? out::println : line -> {}).run();
    if (json) {
      out.println(new ObjectMapper().writeValueAsString(r.toJson()));
    } else {
      out.println(r.summary());
    }
    out.flush();
    return r.acked() == r.sent() && r.sent() > 0 ? Main.OK : Main.FAILURE;
  }

  /** The AES key from --key or --key-file; null for plaintext frames. */
  private String key() {
    if (key != null && keyFile != null) {
      throw new IllegalArgumentException("give --key or --key-file, not both");
    }
    if (keyFile == null) {
      return key;
    }
    return SecretSource.read(
        "--key-file",
        keyFile,
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
  }
}
