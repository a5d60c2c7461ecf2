package io.chektbridge.daemon.cli;

import io.chektbridge.daemon.config.BridgeConfig;
import io.chektbridge.daemon.config.ConfigException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
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
    HttpResponse<String> resp;
    try {
      resp = new StatusPortClient(c, url).get("/status");
    } catch (IOException e) {
      spec.commandLine().getErr().println(e.getMessage());
      return Main.FAILURE;
    }
    if (resp.statusCode() != 200) {
      spec.commandLine().getErr().println("status port answered HTTP " + resp.statusCode() + ": " + resp.body());
      return Main.FAILURE;
    }
    spec.commandLine().getOut().println(json ? resp.body() : StatusTable.render(resp.body()));
    return Main.OK;
  }
}
