package io.chektbridge.daemon.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.chektbridge.daemon.config.ConfigException;
import io.chektbridge.daemon.config.ConfigLoader;
import io.chektbridge.daemon.config.SecretFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code init}: asks the few questions that matter (or takes them as flags), validates the answers
 * as {@code config validate} would, and only then writes the config atomically (mode 0640, group
 * chekt-bridge) and the secrets (0600, owned by chekt-bridge when that user exists).
 */
@Command(name = "init", mixinStandardHelpOptions = true, description = "Write the bridge configuration: "
    + "site, cloud credentials, panel link, partitions and zones. Asks for what the flags leave out.")
public final class InitCommand implements Callable<Integer> {
  static final String SERVICE_USER = "chekt-bridge";

  @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "Where to write (default: ${DEFAULT-VALUE})")
  Path file = ConfigLoader.DEFAULT_FILE;

  @Option(names = "--non-interactive", description = "Never prompt; take every answer from the flags")
  boolean nonInteractive;

  @Option(names = "--force", description = "Replace an existing config file")
  boolean force;

  @Option(names = "--site-id", description = "CHeKT site id, e.g. site_abc123 (empty: cloud sync stays off)")
  String siteId;

  @Option(names = "--api-key", description = "CHeKT API key; stored in api-key next to the config, mode 0600")
  String apiKey;

  @Option(names = "--timezone", description = "The panel's time zone, e.g. America/Los_Angeles")
  String timezone;

  @Option(names = "--link", description = "How the panel talks to the bridge: dc09 (network) or serial")
  String link;

  @Option(names = "--listen", description = "DC-09 listen address (default 0.0.0.0:12000)")
  String listen;

  @Option(names = "--account", description = "DC-09 account number the panel reports as (repeatable)")
  List<String> accounts = new ArrayList<>();

  @Option(names = "--account-key", paramLabel = "ACCOUNT=HEX", description = "AES key of an account, hex (repeatable)")
  Map<String, String> accountKeys = new LinkedHashMap<>();

  @Option(names = "--serial-port", description = "Serial device, e.g. /dev/ttyUSB0")
  String serialPort;

  @Option(names = "--baud", description = "Serial speed (default 9600)")
  Integer baud;

  @Option(names = "--partition", paramLabel = "NUMBER:NAME", description = "A partition, e.g. 1:House (repeatable)")
  List<String> partitions = new ArrayList<>();

  @Option(names = "--zone", paramLabel = "NUMBER:NAME:PARTITION:TYPE",
      description = "A zone, e.g. \"5:Back Door:1:entry_exit\" (repeatable)")
  List<String> zones = new ArrayList<>();

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  BufferedReader input;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (Files.exists(file) && !force) {
      err.println(file + " already exists; run with --force to replace it (the old file is not kept).");
      return Main.FAILURE;
    }
    Path dir = file.toAbsolutePath().getParent();
    Map<String, Object> yaml;
    Map<Path, String> secrets = new LinkedHashMap<>();
    try {
      yaml = answers(dir, secrets);
    } catch (IllegalArgumentException e) {
      err.println("chekt-bridge init: " + e.getMessage());
      return Main.USAGE;
    }
    String text = "# Written by chekt-bridge init; every key: /usr/share/doc/chekt-bridge/config.md\n"
        + yamlMapper().writeValueAsString(yaml);
    Files.createDirectories(dir);
    for (Map.Entry<Path, String> s : secrets.entrySet()) {
      SecretFiles.write(s.getKey(), s.getValue());
      giveTo(s.getKey(), true);
    }
    try {
      ConfigLoader.parse(text, dir);
    } catch (ConfigException e) {
      err.println("The answers do not make a valid config; nothing was written to " + file + ":");
      e.problems().forEach(p -> err.println("  " + p.key() + ": " + p.message()));
      return Main.USAGE;
    }
    writeAtomically(file, text);
    giveTo(file, false);
    out.println("Wrote " + file + (secrets.isEmpty() ? "" : " and " + secrets.size() + " secret file(s)")
        + ". Next: chekt-bridge config validate; sudo systemctl restart chekt-bridge; chekt-bridge status");
    return Main.OK;
  }

  private Map<String, Object> answers(Path dir, Map<Path, String> secrets) throws IOException {
    Map<String, Object> root = new LinkedHashMap<>();
    String site = ask(siteId, "CHeKT site id (blank: cloud sync stays off until set)", "");
    Map<String, Object> siteMap = new LinkedHashMap<>();
    if (!site.isBlank()) {
      siteMap.put("id", site);
    }
    siteMap.put("timezone", ask(timezone, "Panel time zone", java.time.ZoneId.systemDefault().getId()));
    root.put("site", siteMap);
    if (!site.isBlank()) {
      String key = ask(apiKey, "CHeKT API key", "");
      if (key.isBlank()) {
        throw new IllegalArgumentException("a site id needs an API key (--api-key)");
      }
      Path keyFile = dir.resolve("api-key");
      secrets.put(keyFile, key.strip());
      root.put("cloud", Map.of("auth", Map.of("type", "api_key", "api_key_file", keyFile.toString())));
    }
    root.put("receivers", receivers(dir, secrets));
    List<Map<String, Object>> parts = new ArrayList<>();
    for (String p : list(partitions, "Partitions as NUMBER:NAME, comma-separated", "1:House")) {
      String[] f = split(p, 2, "partition", "NUMBER:NAME, e.g. 1:House");
      parts.add(ordered("number", number(f[0], "partition number"), "name", f[1]));
    }
    root.put("partitions", parts);
    List<Map<String, Object>> zs = new ArrayList<>();
    for (String z : list(zones, "Zones as NUMBER:NAME:PARTITION:TYPE, comma-separated (blank: none)", "")) {
      String[] f = split(z, 4, "zone", "NUMBER:NAME:PARTITION:TYPE, e.g. 5:Back Door:1:entry_exit");
      zs.add(ordered("number", number(f[0], "zone number"), "name", f[1],
          "partition", number(f[2], "zone partition"), "type", f[3]));
    }
    root.put("zones", zs);
    return root;
  }

  private Map<String, Object> receivers(Path dir, Map<Path, String> secrets) throws IOException {
    String kind = ask(link, "Panel link: dc09 (network) or serial", "dc09").toLowerCase(java.util.Locale.ROOT);
    switch (kind) {
      case "dc09" -> {
        Map<String, Object> dc09 = new LinkedHashMap<>();
        dc09.put("listen", ask(listen, "DC-09 listen address", "0.0.0.0:12000"));
        List<Map<String, Object>> accts = new ArrayList<>();
        for (String a : list(accounts, "DC-09 account numbers, comma-separated", "")) {
          Map<String, Object> acct = new LinkedHashMap<>();
          acct.put("account", a);
          String key = accountKeys.get(a);
          if (key != null) {
            Path keyFile = dir.resolve("keys").resolve(a + ".key");
            secrets.put(keyFile, key.strip());
            acct.put("key_file", keyFile.toString());
          }
          accts.add(acct);
        }
        dc09.put("accounts", accts);
        return Map.of("dc09", dc09);
      }
      case "serial" -> {
        String port = ask(serialPort, "Serial port", "/dev/ttyUSB0");
        int speed = baud != null ? baud : number(ask(null, "Baud rate", "9600"), "baud rate");
        return Map.of("serial", List.of(ordered("port", port, "baud", speed)));
      }
      default -> throw new IllegalArgumentException("--link must be dc09 or serial, not '" + kind + "'");
    }
  }

  private String ask(String given, String question, String fallback) throws IOException {
    if (given != null) {
      return given;
    }
    if (nonInteractive) {
      return fallback;
    }
    PrintWriter out = spec.commandLine().getOut();
    out.print(question + (fallback.isEmpty() ? "" : " [" + fallback + "]") + ": ");
    out.flush();
    if (input == null) {
      input = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    }
    String line = input.readLine();
    if (line == null) {
      throw new IllegalArgumentException("input ended before every question was answered (use --non-interactive and flags)");
    }
    return line.isBlank() ? fallback : line.strip();
  }

  private List<String> list(List<String> given, String question, String fallback) throws IOException {
    if (!given.isEmpty()) {
      return given;
    }
    String answer = ask(null, question, fallback);
    return answer.isBlank() ? List.of() : List.of(answer.split("\\s*,\\s*"));
  }

  private static String[] split(String text, int parts, String what, String form) {
    String[] f = text.split(":", -1);
    if (f.length != parts) {
      throw new IllegalArgumentException(what + " '" + text + "' is not " + form);
    }
    return f;
  }

  private static int number(String text, String what) {
    try {
      return Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + " '" + text + "' is not a number");
    }
  }

  private static Map<String, Object> ordered(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  /** Temp file in the same folder, created 0640, then renamed over the target: never half-written. */
  static void writeAtomically(Path target, String text) throws IOException {
    Path tmp = target.resolveSibling(target.getFileName() + ".init-tmp");
    Files.deleteIfExists(tmp);
    try {
      Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r-----")));
    } catch (FileAlreadyExistsException e) {
      throw new IOException("another init is writing " + target, e);
    }
    Files.writeString(tmp, text, StandardCharsets.UTF_8);
    try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
      ch.force(true);
    }
    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * Hands a file to the service: group chekt-bridge for the config, owner too for secrets. Skipped
   * when that user does not exist (a test box, the .tar.gz) or we may not chown (not root).
   */
  private void giveTo(Path path, boolean owner) {
    try {
      UserPrincipalLookupService users = path.getFileSystem().getUserPrincipalLookupService();
      GroupPrincipal group = users.lookupPrincipalByGroupName(SERVICE_USER);
      PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
      if (owner) {
        view.setOwner(users.lookupPrincipalByName(SERVICE_USER));
      }
      view.setGroup(group);
    } catch (UserPrincipalNotFoundException e) {
      // no service user on this box: the files stay with whoever ran init
    } catch (IOException e) {
      spec.commandLine().getErr().println("Note: could not hand " + path + " to " + SERVICE_USER
          + " (" + e.getMessage() + "); run init with sudo, or: sudo chown " + (owner ? SERVICE_USER : "root") + ":"
          + SERVICE_USER + " " + path);
    }
  }

  private static ObjectMapper yamlMapper() {
    return new ObjectMapper(new YAMLFactory()
        .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
        .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
        .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS));
  }
}
