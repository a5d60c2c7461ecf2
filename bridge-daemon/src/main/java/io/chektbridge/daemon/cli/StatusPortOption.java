package io.chektbridge.daemon.cli;

import io.chektbridge.daemon.config.BridgeConfig;
import java.io.IOException;
import java.net.URI;
import picocli.CommandLine.Option;

/** {@code --url}, shared by the commands that read the running daemon's status port. */
final class StatusPortOption {
  @Option(
      names = "--url",
      description = "Status port base URL (default: from the config's status.listen)")
  URI url;

  /**
   * The status port --url or the config names; a token file that cannot be read ends the command.
   */
  StatusPortClient client(BridgeConfig config) throws CommandFailure {
    try {
      return new StatusPortClient(config, url);
    } catch (IOException e) {
      throw new CommandFailure(e.getMessage(), Main.FAILURE);
    }
  }
}
