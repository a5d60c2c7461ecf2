package io.chektbridge.daemon.cli;

import io.chektbridge.daemon.config.BridgeConfig;
import java.net.http.HttpResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code status}: asks the running daemon's status port. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = "Show the running daemon's status.")
public final class StatusCommand extends ConfiguredCommand {
  @Option(names = "--json", description = "Print the raw JSON document")
  boolean json;

  @Mixin StatusPortOption statusPort;

  @Override
  int run(BridgeConfig loaded) throws Exception {
    HttpResponse<String> resp = statusPort.client(loaded).fetch("/status");
    out().println(json ? resp.body() : StatusTable.render(resp.body()));
    return Main.OK;
  }
}
