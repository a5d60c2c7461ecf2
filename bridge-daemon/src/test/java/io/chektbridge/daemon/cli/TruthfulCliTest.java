package io.chektbridge.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.chektbridge.daemon.cloud.fake.FakeChektCloud;
import io.chektbridge.daemon.config.SecretFiles;
import io.chektbridge.daemon.testing.DaemonProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI says what happened, no more and no less. */
class TruthfulCliTest {
  @TempDir Path dir;

  @Test
  void cloudCheckPrintsOneVerdictAndNothingBeforeIt() throws Exception {
    try (FakeChektCloud cloud =
        new FakeChektCloud().apiKey("right-key").site("site_1", "disarmed")) {
      CliRun refused =
          CliRun.of("cloud", "check", "--config", config(cloud, "wrong-key").toString());
      CliRun accepted =
          CliRun.of("cloud", "check", "--config", config(cloud, "right-key").toString());

      assertThat(refused.exit()).isEqualTo(Main.FAILURE);
      assertThat(refused.out().lines())
          .singleElement()
          .asString()
          .startsWith("FAIL: ")
          .contains("refused the credentials (401");
      assertThat(accepted.exit()).as(accepted.out()).isZero();
      assertThat(accepted.out().lines())
          .singleElement()
          .asString()
          .startsWith("OK: ")
          .contains("knows the site");
    }
  }

  private Path config(FakeChektCloud cloud, String key) throws Exception {
    Path keyFile = dir.resolve(key);
    SecretFiles.write(keyFile, key);
    return Files.writeString(
        dir.resolve("bridge-" + key + ".yaml"),
        """
        site:
          id: site_1
        cloud:
          base_url: %s
          auth:
            type: api_key
            api_key_file: %s
        """
            .formatted(cloud.baseUrl(), keyFile));
  }

  @Test
  void noSubcommandPrintsTheUsageAndExits2() {
    CliRun r = CliRun.of();

    assertThat(r.exit()).isEqualTo(Main.USAGE);
    assertThat(r.err()).contains("Usage: chekt-bridge", "Commands:");
  }

  @Test
  void statusAgainstAStoppedDaemonSaysSoInOneLine() throws Exception {
    String url = "http://127.0.0.1:" + DaemonProcess.freePort() + "/";

    CliRun r = CliRun.of("status", "--url", url);

    assertThat(r.exit()).isEqualTo(Main.FAILURE);
    assertThat(r.err().strip())
        .doesNotContain("(null)", "\n")
        .isEqualTo(
            "chekt-bridge is not answering on "
                + url
                + " (connection refused: nothing listens there); "
                + "is the service running? Check: systemctl status chekt-bridge");
  }
}
