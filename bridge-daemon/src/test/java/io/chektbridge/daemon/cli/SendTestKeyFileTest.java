package io.chektbridge.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** send-test takes its AES key from a file, so the key stays out of ps and the shell history. */
class SendTestKeyFileTest {
  @TempDir Path dir;

  @Test
  void theKeyIsReadFromTheFileAndCheckedBeforeAnythingIsSent() throws Exception {
    Path key = dir.resolve("panel.key");
    Files.writeString(key, "ABCD\n");

    CliRun r = CliRun.of("send-test", "--port", "1", "--key-file", key.toString());

    assertThat(r.exit()).isEqualTo(Main.USAGE);
    assertThat(r.err()).contains("hex key must have 32, 48 or 64 hex digits");
  }

  @Test
  void aMissingFileOrTwoKeysAreRefused() {
    CliRun missing =
        CliRun.of("send-test", "--port", "1", "--key-file", dir.resolve("none").toString());
    CliRun both = CliRun.of("send-test", "--port", "1", "--key", "00", "--key-file", "-");

    assertThat(missing.exit()).isEqualTo(Main.USAGE);
    assertThat(missing.err()).contains("--key-file: " + dir.resolve("none") + " does not exist");
    assertThat(both.exit()).isEqualTo(Main.USAGE);
    assertThat(both.err()).contains("give --key or --key-file, not both");
  }
}
