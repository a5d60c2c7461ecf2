package io.chektbridge.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.chektbridge.daemon.config.BridgeConfig;
import io.chektbridge.daemon.config.ConfigLoader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class InitCommandTest {
  /** A panel's AES-128 key as hex. */
  private static final String KEY = "00112233445566778899AABBCCDDEEFF";

  @TempDir Path dir;

  @Test
  void nonInteractiveFlagsWriteAValidConfigAndPrivateSecrets() throws Exception {
    Path file = dir.resolve("etc/bridge.yaml");
    CliRun r =
        init(
            file,
            "--site-id site_abc123 --api-key k-123 --timezone Europe/Berlin --link dc09"
                + " --listen 0.0.0.0:12000 --account 1234"
                + " --account-key 1234="
                + KEY
                + " --partition 1:House",
            "--zone",
            "5:Back Door:1:entry_exit",
            "--zone",
            "6:Hall:1:interior");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("Wrote " + file);

    assertThat(perms(file)).isEqualTo("rw-r-----");
    assertThat(perms(dir.resolve("etc/api-key"))).isEqualTo("rw-------");
    assertThat(perms(dir.resolve("etc/keys/1234.key"))).isEqualTo("rw-------");
    assertThat(Files.readString(dir.resolve("etc/api-key")).strip()).isEqualTo("k-123");
    assertThat(Files.readString(file)).doesNotContain("k-123", "00112233");
    assertThat(Files.list(dir.resolve("etc"))).noneMatch(p -> p.toString().endsWith("tmp"));

    BridgeConfig c = ConfigLoader.load(file);
    assertThat(c.site().id()).isEqualTo("site_abc123");
    assertThat(c.cloudSyncEnabled()).isTrue();
    assertThat(c.receivers().dc09().listen().toString()).isEqualTo("0.0.0.0:12000");
    assertThat(c.receivers().dc09().accounts())
        .singleElement()
        .satisfies(a -> assertThat(a.account()).isEqualTo("1234"));
    assertThat(c.partitions()).extracting(BridgeConfig.Partition::name).containsExactly("House");
    assertThat(c.zones()).extracting(BridgeConfig.Zone::name).containsExactly("Back Door", "Hall");
    assertThat(c.zones().get(0).type()).isEqualTo(BridgeConfig.ZoneType.ENTRY_EXIT);
  }

  @Test
  void interactiveAnswersAreAskedForWhatFlagsLeaveOut() throws Exception {
    Path file = dir.resolve("bridge.yaml");
    InitCommand init = new InitCommand();
    init.input =
        new BufferedReader(
            new StringReader(
                String.join(
                    "\n",
                    "", // site id: none, cloud sync off
                    "UTC",
                    "serial",
                    "/dev/ttyS0",
                    "", // baud: default 9600
                    "1:Shop, 2:Office",
                    "3:Door:2:perimeter",
                    "")));
    CliRun r = CliRun.of(new CommandLine(init), "--config", file.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("Serial port [/dev/ttyUSB0]: ", "Baud rate [9600]: ");
    BridgeConfig c = ConfigLoader.load(file);
    assertThat(c.cloudSyncEnabled()).isFalse();
    assertThat(c.receivers().serial())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.port()).isEqualTo("/dev/ttyS0");
              assertThat(s.baud()).isEqualTo(9600);
            });
    assertThat(c.partitions()).extracting(BridgeConfig.Partition::number).containsExactly(1, 2);
    assertThat(c.zones().get(0).partition()).isEqualTo(2);
  }

  @Test
  void invalidAnswersAreExplainedAndNothingIsWritten() throws Exception {
    Path file = dir.resolve("bridge.yaml");
    CliRun r = init(file, "--partition 1:House --zone 5:Door:3:entry_exit");
    assertThat(r.exit()).isEqualTo(Main.USAGE);
    assertThat(r.err())
        .contains(
            "nothing was written", "zones[0].partition: partition 3 is not in the partitions list");
    assertThat(file).doesNotExist();

    CliRun badType = init(file, "--partition 1:House --zone 6:Hall:1:garage");
    assertThat(badType.exit()).isEqualTo(Main.USAGE);
    assertThat(badType.err())
        .contains("zones[0].type: 'garage' is not a zone type; use one of entry_exit");
    assertThat(file).doesNotExist();
  }

  @Test
  void malformedFlagsAndAnExistingFileAreRefused() throws Exception {
    Path file = dir.resolve("bridge.yaml");
    CliRun bad = init(file, "--zone 5-Door");
    assertThat(bad.exit()).isEqualTo(Main.USAGE);
    assertThat(bad.err()).contains("zone '5-Door' is not NUMBER:NAME:PARTITION:TYPE");

    Files.writeString(file, "site: {}\n");
    CliRun exists = init(file, "");
    assertThat(exists.exit()).isEqualTo(Main.FAILURE);
    assertThat(exists.err()).contains("already exists", "--force");
    assertThat(Files.readString(file)).isEqualTo("site: {}\n");
    assertThat(init(file, "--force").exit()).isZero();
    assertThat(Files.readString(file)).contains("dc09");
  }

  @Test
  void aRefusedForceLeavesEveryExistingFileByteIdentical() throws Exception {
    Path file = dir.resolve("etc/bridge.yaml");
    CliRun first =
        init(file, "--site-id site_1 --api-key live-key --account 5678 --account-key 5678=" + KEY);
    assertThat(first.exit()).as(first.err()).isZero();
    Map<Path, byte[]> before = snapshot(dir);

    CliRun refused =
        init(
            file,
            "--force --site-id site_1 --api-key new-key --account 5678"
                + " --account-key 5678=FFEEDDCCBBAA99887766554433221100"
                + " --partition 1:House --zone 5:Door:3:entry_exit");

    assertThat(refused.exit()).isEqualTo(Main.USAGE);
    assertThat(refused.err())
        .contains("nothing was written", "partition 3 is not in the partitions list");
    Map<Path, byte[]> after = snapshot(dir);
    assertThat(after).containsOnlyKeys(before.keySet());
    before.forEach(
        (path, bytes) -> assertThat(after.get(path)).as(path.toString()).isEqualTo(bytes));
  }

  @Test
  void aForcedInitKeepsWhatItReplacedAsBak() throws Exception {
    Path file = dir.resolve("bridge.yaml");
    assertThat(init(file, "--site-id site_1 --api-key old-key").exit()).isZero();
    String oldConfig = Files.readString(file);

    CliRun forced = init(file, "--force --site-id site_2 --api-key new-key");

    assertThat(forced.exit()).as(forced.err()).isZero();
    assertThat(forced.out()).contains("kept as .bak");
    assertThat(Files.readString(dir.resolve("api-key.bak")).strip()).isEqualTo("old-key");
    assertThat(perms(dir.resolve("api-key.bak"))).isEqualTo("rw-------");
    assertThat(Files.readString(dir.resolve("bridge.yaml.bak"))).isEqualTo(oldConfig);
    assertThat(Files.readString(dir.resolve("api-key")).strip()).isEqualTo("new-key");
    assertThat(Files.readString(file)).contains("site_2");
  }

  @Test
  void secretsComeFromStandardInputAndFilesNotOnlyArguments() throws Exception {
    Path file = dir.resolve("bridge.yaml");
    Path accountKey = dir.resolve("panel-key.txt");
    Files.writeString(accountKey, "00112233445566778899AABBCCDDEEFF\n");
    InitCommand init = new InitCommand();
    init.input = new BufferedReader(new StringReader("key-from-stdin\n"));

    CliRun r =
        CliRun.of(
            new CommandLine(init),
            nonInteractive(
                file,
                "--site-id site_1 --api-key-file - --account 1234",
                "--account-key-file",
                "1234=" + accountKey));

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(Files.readString(dir.resolve("api-key")).strip()).isEqualTo("key-from-stdin");
    assertThat(Files.readString(dir.resolve("keys/1234.key")).strip())
        .isEqualTo("00112233445566778899AABBCCDDEEFF");
    assertThat(ConfigLoader.load(file).cloudSyncEnabled()).isTrue();

    CliRun empty =
        init(
            dir.resolve("other.yaml"),
            "--site-id site_1",
            "--api-key-file",
            dir.resolve("missing").toString());
    assertThat(empty.exit()).isEqualTo(Main.USAGE);
    assertThat(empty.err())
        .contains("--api-key-file: " + dir.resolve("missing") + " does not exist");
  }

  @Test
  void completionScriptIsGeneratedByPicocli() {
    CliRun r = CliRun.of("generate-completion");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("complete -F", "chekt-bridge", "doctor", "init");
  }

  /** {@code chekt-bridge init} without questions, writing {@code file}. */
  private static CliRun init(Path file, String flags, String... pathsAndSpacedValues) {
    List<String> args = new ArrayList<>(List.of("init"));
    args.addAll(List.of(nonInteractive(file, flags, pathsAndSpacedValues)));
    return CliRun.of(args.toArray(String[]::new));
  }

  /**
   * The arguments after the command name: {@code flags} split at spaces, then the arguments that
   * may hold a space themselves.
   */
  private static String[] nonInteractive(Path file, String flags, String... pathsAndSpacedValues) {
    List<String> args = new ArrayList<>(List.of("--non-interactive", "--config", file.toString()));
    if (!flags.isBlank()) {
      args.addAll(List.of(flags.split(" ")));
    }
    args.addAll(List.of(pathsAndSpacedValues));
    return args.toArray(String[]::new);
  }

  /** Every file under {@code root} with its bytes. */
  private static Map<Path, byte[]> snapshot(Path root) throws IOException {
    Map<Path, byte[]> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        files.put(root.relativize(p), Files.readAllBytes(p));
      }
    }
    return files;
  }

  private static String perms(Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }
}
