package io.chektbridge.daemon.cli;

import io.chektbridge.daemon.config.BridgeConfig;
import io.chektbridge.daemon.config.ConfigException;
import io.chektbridge.daemon.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --config FILE}, shared by every command that reads the configuration. Without it: {@code
 * $CHEKT_BRIDGE_CONFIG}, then {@code /etc/chekt-bridge/bridge.yaml}, then embedded defaults.
 */
public final class ConfigOption {
  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description =
          "Config file (default: $CHEKT_BRIDGE_CONFIG, else /etc/chekt-bridge/bridge.yaml if present, else embedded defaults)")
  Path file;

  /** Where the packaged config lives; a field so tests can point it elsewhere. */
  Path defaultFile = ConfigLoader.DEFAULT_FILE;

  /**
   * The file that will be read, or null when the embedded defaults apply. The defaults apply only
   * when the default file surely does not exist: a file that exists but cannot be read (a non-root
   * user and the 0750 /etc/chekt-bridge) must fail, or doctor would check ports nobody configured.
   */
  public Path resolve() {
    if (file != null) {
      return file;
    }
    String env = System.getenv(ConfigLoader.ENV_VAR);
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    return Files.notExists(defaultFile) ? null : defaultFile;
  }

  public BridgeConfig load() throws ConfigException {
    Path f = resolve();
    return f == null ? ConfigLoader.embeddedDefaults() : ConfigLoader.load(f);
  }

  /** Where the config came from, for log lines. */
  public String describe() {
    Path f = resolve();
    return f == null ? "embedded defaults (no config file)" : f.toString();
  }
}
