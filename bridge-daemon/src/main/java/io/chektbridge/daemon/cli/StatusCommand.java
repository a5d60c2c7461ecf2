package io.chektbridge.daemon.cli;

import io.chektbridge.daemon.config.BridgeConfig;
import io.chektbridge.daemon.config.ConfigException;
import io.chektbridge.daemon.config.HostPort;
import io.chektbridge.daemon.config.SecretFiles;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code status}: asks the running daemon's status port. */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Show the running daemon's status.")
public final class StatusCommand implements Callable<Integer> {
  @Mixin
  ConfigOption config;

  @Option(names = "--json", description = "Print the raw JSON document")
  boolean json;

  @Option(names = "--url", description = "Status port base URL (default: from the config's status.listen)")
  URI url;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    BridgeConfig c;
    try {
      c = config.load();
    } catch (ConfigException e) {
      return ConfigCommand.report(config, e, spec.commandLine().getErr());
    }
    URI base = url != null ? url : baseOf(c.status().listen());
    HttpRequest.Builder req = HttpRequest.newBuilder(base.resolve("/status")).timeout(Duration.ofSeconds(5));
    if (c.status().tokenFile() != null) {
      req.header("Authorization", "Bearer " + SecretFiles.read(c.status().tokenFile()));
    }
    HttpResponse<String> resp;
    try {
      resp = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build()
          .send(req.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      spec.commandLine().getErr().println("chekt-bridge is not answering on " + base
          + " (" + e.getMessage() + "). Is the service running? Try: systemctl status chekt-bridge");
      return Main.FAILURE;
    }
    if (resp.statusCode() != 200) {
      spec.commandLine().getErr().println("status port answered HTTP " + resp.statusCode() + ": " + resp.body());
      return Main.FAILURE;
    }
    spec.commandLine().getOut().println(json ? resp.body() : StatusTable.render(resp.body()));
    return Main.OK;
  }

  static URI baseOf(HostPort listen) {
    HostPort target = switch (listen.host()) {
      case "0.0.0.0" -> new HostPort("127.0.0.1", listen.port());
      case "::" -> new HostPort("::1", listen.port());
      default -> listen;
    };
    return URI.create("http://" + target + "/");
  }
}
