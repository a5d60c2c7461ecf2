package io.chektbridge.daemon.cli;

import io.chektbridge.daemon.config.ConfigException;
import io.chektbridge.daemon.config.ConfigLoader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
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
 * as {@code config validate} would, and only then puts the config (mode 0640, group chekt-bridge)
 * and the secrets (0600, owned by chekt-bridge when that user exists) in place, all or none.
 */
@Command(
    name = "init",
    mixinStandardHelpOptions = true,
    description =
        "Write the bridge configuration: "
            + "site, cloud credentials, panel link, partitions and zones. Asks for what the flags leave out.")
public final class InitCommand implements Callable<Integer> {
  static final String SERVICE_USER = "chekt-bridge";

  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description = "Where to write (default: ${DEFAULT-VALUE})")
  Path file = ConfigLoader.DEFAULT_FILE;

  @Option(
      names = "--non-interactive",
      description = "Never prompt; take every answer from the flags")
  boolean nonInteractive;

  @Option(
      names = "--force",
      description = "Replace an existing config file; every replaced file is kept as FILE.bak")
  boolean force;

  @Option(
      names = "--site-id",
      description = "CHeKT site id, e.g. site_abc123 (empty: cloud sync stays off)")
  String siteId;

  @Option(
      names = "--api-key",
      description =
          "CHeKT API key; stored in api-key next to the config, mode 0600. "
              + "Prefer --api-key-file: arguments show in ps and the shell history")
  String apiKey;

  @Option(
      names = "--api-key-file",
      paramLabel = "FILE",
      description = "Read the CHeKT API key from FILE, or - for standard input")
  String apiKeyFile;

  @Option(names = "--timezone", description = "The panel's time zone, e.g. America/Los_Angeles")
  String timezone;

  @Option(
      names = "--link",
      description = "How the panel talks to the bridge: dc09 (network) or serial")
  String link;

  @Option(names = "--listen", description = "DC-09 listen address (default 0.0.0.0:12000)")
  String listen;

  @Option(
      names = "--account",
      description = "DC-09 account number the panel reports as (repeatable)")
  List<String> accounts = new ArrayList<>();

  @Option(
      names = "--account-key",
      paramLabel = "ACCOUNT=HEX",
      description = "AES key of an account, hex (repeatable)")
  Map<String, String> accountKeys = new LinkedHashMap<>();

  @Option(
      names = "--account-key-file",
      paramLabel = "ACCOUNT=FILE",
      description =
          "Read the AES key of an account from FILE, or - for standard input (repeatable)")
  Map<String, String> accountKeyFiles = new LinkedHashMap<>();

  @Option(names = "--serial-port", description = "Serial device, e.g. /dev/ttyUSB0")
  String serialPort;

  @Option(names = "--baud", description = "Serial speed (default 9600)")
  Integer baud;

  @Option(
      names = "--partition",
      paramLabel = "NUMBER:NAME",
      description = "A partition, e.g. 1:House (repeatable)")
  List<String> partitions = new ArrayList<>();

  @Option(
      names = "--zone",
      paramLabel = "NUMBER:NAME:PARTITION:TYPE",
      description = "A zone, e.g. \"5:Back Door:1:entry_exit\" (repeatable)")
  List<String> zones = new ArrayList<>();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  BufferedReader input;

  @Override
  public Integer call() throws IOException {
    PrintWriter err = spec.commandLine().getErr();
    if (Files.exists(file) && !force) {
      err.println(
          file
              + " already exists; run with --force to replace it (the old files are kept as .bak).");
      return Main.FAILURE;
    }
    InitPlan plan;
    try {
      plan = answers();
    } catch (IllegalArgumentException e) {
      err.println("chekt-bridge init: " + e.getMessage() + "; nothing was written.");
      return Main.USAGE;
    }
    return write(plan);
  }

  /**
   * Stages the secrets, checks the config against them, stages the config, and only then moves all
   * into place: a refused answer leaves every existing file as it was.
   */
  private int write(InitPlan plan) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    try (StagedFiles staged = StagedFiles.in(dir)) {
      for (Map.Entry<String, String> s : plan.secrets().entrySet()) {
        giveTo(
            staged.stage(s.getKey(), s.getValue() + "\n", "rw-------"),
            dir.resolve(s.getKey()),
            true);
      }
      try {
        ConfigLoader.parse(plan.configText(staged.stagingDir()), dir);
      } catch (ConfigException e) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("The answers do not make a valid config; nothing was written to " + dir + ":");
        e.problems().forEach(p -> err.println("  " + p.key() + ": " + p.message()));
        return Main.USAGE;
      }
      String name = file.getFileName().toString();
      giveTo(staged.stage(name, plan.configText(dir), "rw-r-----"), dir.resolve(name), false);
      staged.commit();
    }
    spec.commandLine()
        .getOut()
        .println(
            "Wrote "
                + file
                + (plan.secrets().isEmpty()
                    ? ""
                    : " and " + plan.secrets().size() + " secret file(s)")
                + (force ? " (replaced files kept as .bak)" : "")
                + ". Next: chekt-bridge config validate; sudo systemctl restart chekt-bridge; chekt-bridge status");
    return Main.OK;
  }

  private InitPlan answers() throws IOException {
    InitPlan plan = new InitPlan();
    String site = ask(siteId, "CHeKT site id (blank: cloud sync stays off until set)", "");
    Map<String, Object> siteMap = new LinkedHashMap<>();
    if (!site.isBlank()) {
      siteMap.put("id", site);
    }
    siteMap.put(
        "timezone", ask(timezone, "Panel time zone", java.time.ZoneId.systemDefault().getId()));
    plan.put("site", siteMap);
    if (!site.isBlank()) {
      Object keyFile = plan.secret("api-key", apiKey());
      plan.put("cloud", Map.of("auth", Map.of("type", "api_key", "api_key_file", keyFile)));
    }
    plan.put("receivers", receivers(plan));
    List<Map<String, Object>> parts = new ArrayList<>();
    for (String p : list(partitions, "Partitions as NUMBER:NAME, comma-separated", "1:House")) {
      String[] f = split(p, 2, "partition", "NUMBER:NAME, e.g. 1:House");
      parts.add(ordered("number", number(f[0], "partition number"), "name", f[1]));
    }
    plan.put("partitions", parts);
    List<Map<String, Object>> zs = new ArrayList<>();
    for (String z :
        list(zones, "Zones as NUMBER:NAME:PARTITION:TYPE, comma-separated (blank: none)", "")) {
      String[] f = split(z, 4, "zone", "NUMBER:NAME:PARTITION:TYPE, e.g. 5:Back Door:1:entry_exit");
      zs.add(
          ordered(
              "number",
              number(f[0], "zone number"),
              "name",
              f[1],
              "partition",
              number(f[2], "zone partition"),
              "type",
              f[3]));
    }
    plan.put("zones", zs);
    return plan;
  }

  private String apiKey() throws IOException {
    if (apiKey != null && apiKeyFile != null) {
      throw new IllegalArgumentException("give --api-key or --api-key-file, not both");
    }
    String key =
        apiKeyFile != null
            ? SecretSource.read("--api-key-file", apiKeyFile, stdin())
            : ask(apiKey, "CHeKT API key", "");
    if (key.isBlank()) {
      throw new IllegalArgumentException(
          "a site id needs an API key (--api-key-file FILE, - for standard input)");
    }
    return key.strip();
  }

  /**
   * The key of {@code account}: from --account-key-file or --account-key; null when it has none
   * (plaintext).
   */
  private String accountKey(String account) throws IOException {
    String source = accountKeyFiles.get(account);
    if (source != null && accountKeys.containsKey(account)) {
      throw new IllegalArgumentException(
          "account " + account + ": give --account-key or --account-key-file, not both");
    }
    return source != null
        ? SecretSource.read("--account-key-file " + account, source, stdin())
        : accountKeys.get(account);
  }

  private Map<String, Object> receivers(InitPlan plan) throws IOException {
    String kind =
        ask(link, "Panel link: dc09 (network) or serial", "dc09")
            .toLowerCase(java.util.Locale.ROOT);
    switch (kind) {
      case "dc09" -> {
        Map<String, Object> dc09 = new LinkedHashMap<>();
        dc09.put("listen", ask(listen, "DC-09 listen address", "0.0.0.0:12000"));
        List<Map<String, Object>> accts = new ArrayList<>();
        for (String a : list(accounts, "DC-09 account numbers, comma-separated", "")) {
          Map<String, Object> acct = new LinkedHashMap<>();
          acct.put("account", a);
          String key = accountKey(a);
          if (key != null) {
            acct.put("key_file", plan.secret("keys/" + a + ".key", key.strip()));
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
      default ->
          throw new IllegalArgumentException("--link must be dc09 or serial, not '" + kind + "'");
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
    String line = stdin().readLine();
    if (line == null) {
      throw new IllegalArgumentException(
          "input ended before every question was answered (use --non-interactive and flags)");
    }
    return line.isBlank() ? fallback : line.strip();
  }

  /** Standard input, shared by the questions and the secrets read from "-". */
  private BufferedReader stdin() {
    if (input == null) {
      input = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    }
    return input;
  }

  private List<String> list(List<String> given, String question, String fallback)
      throws IOException {
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

  /**
   * Hands a file to the service: group chekt-bridge for the config, owner too for secrets. Skipped
   * when that user does not exist (a test box, the .tar.gz) or we may not chown (not root).
   */
  private void giveTo(Path staged, Path target, boolean owner) {
    try {
      UserPrincipalLookupService users = staged.getFileSystem().getUserPrincipalLookupService();
      GroupPrincipal group = users.lookupPrincipalByGroupName(SERVICE_USER);
      PosixFileAttributeView view =
          Files.getFileAttributeView(staged, PosixFileAttributeView.class);
      if (owner) {
        view.setOwner(users.lookupPrincipalByName(SERVICE_USER));
      }
      view.setGroup(group);
    } catch (UserPrincipalNotFoundException e) {
      // no service user on this box: the files stay with whoever ran init
    } catch (IOException e) {
      spec.commandLine()
          .getErr()
          .println(
              "Note: could not hand "
                  + target
                  + " to "
                  + SERVICE_USER
                  + " ("
                  + e.getMessage()
                  + "); run init with sudo, or: sudo chown "
                  + (owner ? SERVICE_USER : "root")
                  + ":"
                  + SERVICE_USER
                  + " "
                  + target);
    }
  }
}
