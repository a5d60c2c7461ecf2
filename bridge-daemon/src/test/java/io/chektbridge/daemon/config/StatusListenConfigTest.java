package io.chektbridge.daemon.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Binding the status port beyond loopback is refused at config time unless a token file is set. */
class StatusListenConfigTest {
  @TempDir Path dir;

  @Test
  void nonLoopbackWithoutTokenIsRefusedNamingTheKeyAndLine() {
    assertThatThrownBy(() -> ConfigLoader.parse("status:\n  listen: 0.0.0.0:8089\n", dir))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e -> {
              assertThat(e.problems()).hasSize(1);
              assertThat(e.problems().get(0).key()).isEqualTo("status.listen");
              assertThat(e.problems().get(0).line()).isEqualTo(2);
              assertThat(e.problems().get(0).message()).contains("needs status.token_file");
            });
  }

  @Test
  void nonLoopbackWithAPrivateTokenFileIsAccepted() throws Exception {
    Path token = dir.resolve("status-token");
    Files.writeString(token, "s3cret\n");
    Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
    BridgeConfig c =
        ConfigLoader.parse("status:\n  listen: 0.0.0.0:8089\n  token_file: status-token\n", dir);
    assertThat(c.status().listen().isLoopback()).isFalse();
  }

  @Test
  void loopbackNeedsNoToken() throws Exception {
    assertThat(ConfigLoader.parse("status:\n  listen: 127.0.0.1:8089\n", dir).status().tokenFile())
        .isNull();
  }
}
