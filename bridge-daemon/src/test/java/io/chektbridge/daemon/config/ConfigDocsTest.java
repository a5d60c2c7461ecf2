package io.chektbridge.daemon.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * Keeps docs/config.md honest: it must equal what the config records generate, and every key needs
 * a description. After changing a config record, run with -Dchekt.docs.update=true to rewrite the
 * file.
 */
class ConfigDocsTest {
  private static final Path DOC = Path.of("..", "docs", "config.md");

  @Test
  void everyKeyIsDescribed() throws Exception {
    Properties d = ConfigDocs.descriptions();
    assertThat(ConfigDocs.keys())
        .allSatisfy(
            k ->
                assertThat(d.getProperty(k.path()))
                    .as("description of %s in config-docs.properties", k.path())
                    .isNotBlank());
    assertThat(d.stringPropertyNames())
        .as("descriptions of keys that no longer exist")
        .isSubsetOf(ConfigDocs.keys().stream().map(ConfigDocs.Key::path).toList());
  }

  @Test
  void docsConfigMdIsUpToDate() throws Exception {
    String generated = ConfigDocs.render(ConfigDocs.descriptions());
    if (Boolean.getBoolean("chekt.docs.update")) {
      Files.writeString(DOC, generated, StandardCharsets.UTF_8);
    }
    assertThat(Files.readString(DOC, StandardCharsets.UTF_8))
        .as(
            "docs/config.md is out of date: mvn test -pl bridge-daemon -Dtest=ConfigDocsTest -Dchekt.docs.update=true")
        .isEqualTo(generated);
  }

  @Test
  void defaultsComeFromTheRecords() {
    assertThat(ConfigDocs.keys())
        .contains(
            new ConfigDocs.Key(
                "status.listen",
                "address `host:port` (listen addresses: an IP literal)",
                "127.0.0.1:8089"),
            new ConfigDocs.Key("partitions[].exit_delay", "duration", "1m"));
  }
}
