package io.chektbridge.daemon.config;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** The checks that need the whole bound config: required keys, ranges, references, files. */
final class ConfigValidator {
  private static final Pattern ACCOUNT = Pattern.compile("[0-9A-Fa-f]{3,16}");
  private static final Pattern EVENT_MATCH = Pattern.compile("CID [EPR][0-9A-F]{3}|SIA [A-Z]{2}");
  private static final Pattern LINK_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,32}");
  private static final Set<String> LEVELS = Set.of("trace", "debug", "info", "warn", "error");

  private final Path baseDir;
  private final YamlLocations lines;
  private final List<ConfigProblem> problems = new ArrayList<>();

  private ConfigValidator(Path baseDir, YamlLocations lines) {
    this.baseDir = baseDir;
    this.lines = lines;
  }

  static void validate(BridgeConfig c, Path baseDir, YamlLocations lines) throws ConfigException {
    ConfigValidator v = new ConfigValidator(baseDir, lines);
    v.cloud(c);
    v.dc09(c.receivers().dc09());
    v.serial(c.receivers().serial());
    v.tcpLinks(c.receivers().tcpLinks());
    v.partitionsAndZones(c);
    v.eventMap(c.eventMap());
    v.status(c.status());
    v.check(
        LEVELS.contains(c.logging().level()),
        "logging.level",
        "'" + c.logging().level() + "' is not a level; use trace, debug, info, warn or error");
    if (!v.problems.isEmpty()) {
      throw new ConfigException(v.problems);
    }
  }

  private void cloud(BridgeConfig c) {
    BridgeConfig.Auth auth = c.cloud().auth();
    String scheme = c.cloud().baseUrl().getScheme();
    String host = c.cloud().baseUrl().getHost();
    boolean loopback =
        host != null
            && (host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]"));
    check(
        "https".equals(scheme) || ("http".equals(scheme) && loopback),
        "cloud.base_url",
        "must be an https:// URL (plain http only to a test server on this machine)");
    positive(c.cloud().requestTimeout(), "cloud.request_timeout");
    positive(c.cloud().deliveredRetention(), "cloud.delivered_retention");
    positive(c.cloud().deadLetterRetention(), "cloud.dead_letter_retention");
    check(!c.cloud().retryJitter().isNegative(), "cloud.retry_jitter", "must not be negative");
    check(c.cloud().outboxMaxPending() > 0, "cloud.outbox_max_pending", "must be more than 0");
    positive(c.storage().backup().every(), "storage.backup.every");
    check(c.storage().backup().keep() > 0, "storage.backup.keep", "must be more than 0");
    check(
        c.cloud().maxInFlight() >= 1 && c.cloud().maxInFlight() <= 64,
        "cloud.max_in_flight",
        "must be 1 to 64");
    check(
        c.cloud().eventsPath().startsWith("/"),
        "cloud.events_path",
        "must start with / (e.g. /ext/v1/events)");
    if (auth == null) {
      return;
    }
    required(
        c.site().id(),
        "site.id",
        "is required once cloud.auth is set: the CHeKT site id, e.g. site_abc123");
    if (auth.type() == null) {
      problem("cloud.auth.type", "is required: api_key or oauth_jwt");
      return;
    }
    if (auth.type() == BridgeConfig.AuthType.API_KEY) {
      secretFile(auth.apiKeyFile(), "cloud.auth.api_key_file");
    } else {
      required(auth.clientId(), "cloud.auth.client_id", "is required for oauth_jwt");
      required(
          auth.tokenUrl(),
          "cloud.auth.token_url",
          "is required for oauth_jwt (the Auth Server URL CHeKT issued)");
      required(auth.audience(), "cloud.auth.audience", "is required for oauth_jwt");
      secretFile(auth.privateKeyFile(), "cloud.auth.private_key_file");
    }
  }

  private void dc09(BridgeConfig.Dc09 d) {
    listenAddress(d.listen(), "receivers.dc09.listen");
    positive(d.maxConnections(), "receivers.dc09.max_connections");
    positive(d.maxFrameBytes(), "receivers.dc09.max_frame_bytes");
    positive(d.maxFramesPerSecond(), "receivers.dc09.max_frames_per_second");
    positive(d.idleTimeout(), "receivers.dc09.idle_timeout");
    positive(d.firstFrameTimeout(), "receivers.dc09.first_frame_timeout");
    positive(d.maxConnectionsPerAddress(), "receivers.dc09.max_connections_per_address");
    check(
        d.maxConnectionsPerAddress() <= d.maxConnections(),
        "receivers.dc09.max_connections_per_address",
        "must not be more than receivers.dc09.max_connections (" + d.maxConnections() + ")");
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < d.accounts().size(); i++) {
      BridgeConfig.Account a = d.accounts().get(i);
      String key = "receivers.dc09.accounts[" + i + "]";
      if (a.account() == null || !ACCOUNT.matcher(a.account()).matches()) {
        problem(key + ".account", "must be 3 to 16 hex digits, quoted, e.g. \"1234\"");
      } else if (!seen.add(a.account().toUpperCase(Locale.ROOT))) {
        problem(key + ".account", "account " + a.account() + " is listed twice");
      }
      positive(a.supervision(), key + ".supervision");
      if (a.keyFile() != null) {
        dc09Key(a, key + ".key_file");
      }
    }
  }

  private void dc09Key(BridgeConfig.Account a, String key) {
    String text = secretFile(a.keyFile(), key);
    if (text == null) {
      return;
    }
    try {
      io.chektbridge.sia.Dc09Keys.parse(text, a.keyFormat());
    } catch (IllegalArgumentException e) {
      problem(key, e.getMessage());
    }
  }

  private void serial(List<BridgeConfig.SerialLink> links) {
    for (int i = 0; i < links.size(); i++) {
      BridgeConfig.SerialLink s = links.get(i);
      String key = "receivers.serial[" + i + "]";
      required(s.port(), key + ".port", "is required, e.g. /dev/ttyUSB0");
      positive(s.baud(), key + ".baud");
      check(s.dataBits() >= 5 && s.dataBits() <= 8, key + ".data_bits", "must be 5, 6, 7 or 8");
      check(s.stopBits() == 1 || s.stopBits() == 2, key + ".stop_bits", "must be 1 or 2");
      positive(s.supervision(), key + ".supervision");
      rs485Delay(s.rs485DelayBeforeSend(), key + ".rs485_delay_before_send");
      rs485Delay(s.rs485DelayAfterSend(), key + ".rs485_delay_after_send");
    }
  }

  /**
   * jSerialComm takes the RS-485 settle delays in whole microseconds; transceivers need well under
   * 100 ms.
   */
  private void rs485Delay(Duration d, String key) {
    check(
        !d.isNegative() && d.compareTo(Duration.ofMillis(100)) <= 0,
        key,
        "must be between 0ms and 100ms (a transceiver's turn-around time, usually 0ms or 1ms)");
  }

  private void tcpLinks(List<BridgeConfig.TcpLink> links) {
    Set<String> names = new HashSet<>();
    for (int i = 0; i < links.size(); i++) {
      BridgeConfig.TcpLink t = links.get(i);
      String key = "receivers.tcp_links[" + i + "]";
      if (t.name() == null || !LINK_NAME.matcher(t.name()).matches()) {
        problem(
            key + ".name",
            "is required: letters, digits, '-', '_' or '.', at most 32, e.g. panel-1");
      } else if (!names.add(t.name())) {
        problem(key + ".name", "link " + t.name() + " is listed twice");
      }
      positive(t.supervision(), key + ".supervision");
      positive(t.connectTimeout(), key + ".connect_timeout");
      check(
          t.account() == null || ACCOUNT.matcher(t.account()).matches(),
          key + ".account",
          "must be 3 to 16 hex digits, quoted, e.g. \"1234\"");
      check(
          t.keepalive().compareTo(Duration.ofSeconds(1)) >= 0
              && t.keepalive().compareTo(Duration.ofHours(2)) <= 0,
          key + ".keepalive",
          "must be between 1s and 2h (idle time before TCP keepalive probes start)");
      required(t.transport(), key + ".transport", "is required: tcp-client or tcp-server");
      required(t.address(), key + ".address", "is required, e.g. 192.0.2.10:4001");
      if (t.transport() == BridgeConfig.TcpTransport.TCP_SERVER && t.address() != null) {
        listenAddress(t.address(), key + ".address");
      }
    }
  }

  private void partitionsAndZones(BridgeConfig c) {
    Set<Integer> partitions = new HashSet<>();
    for (int i = 0; i < c.partitions().size(); i++) {
      BridgeConfig.Partition p = c.partitions().get(i);
      String key = "partitions[" + i + "]";
      listedOnce(p.number(), 1, 99, partitions, "partition", key + ".number");
      delay(p.exitDelay(), key + ".exit_delay");
      delay(p.entryDelay(), key + ".entry_delay");
    }
    Set<Integer> zones = new HashSet<>();
    for (int i = 0; i < c.zones().size(); i++) {
      BridgeConfig.Zone z = c.zones().get(i);
      String key = "zones[" + i + "]";
      listedOnce(z.number(), 0, 9999, zones, "zone", key + ".number");
      check(
          partitions.isEmpty() || partitions.contains(z.partition()),
          key + ".partition",
          "partition " + z.partition() + " is not in the partitions list");
    }
  }

  /** A partition or zone number: present, in range, and not used by an earlier entry. */
  private void listedOnce(
      Integer number, int min, int max, Set<Integer> seen, String what, String key) {
    if (number == null || number < min || number > max) {
      problem(key, "is required, " + min + " to " + max);
    } else if (!seen.add(number)) {
      problem(key, what + " " + number + " is listed twice");
    }
  }

  private void eventMap(List<BridgeConfig.EventMapEntry> entries) {
    for (int i = 0; i < entries.size(); i++) {
      BridgeConfig.EventMapEntry e = entries.get(i);
      String key = "event_map[" + i + "]";
      check(
          e.match() != null && EVENT_MATCH.matcher(e.match()).matches(),
          key + ".match",
          "must be \"CID <E|R|P><code>\" (e.g. \"CID E750\") or \"SIA <code>\" (e.g. \"SIA BA\")");
      required(e.meaning(), key + ".meaning", "is required");
    }
  }

  private void status(BridgeConfig.Status s) {
    listenAddress(s.listen(), "status.listen");
    if (s.listen().isLoopback()) {
      return;
    }
    if (s.tokenFile() == null) {
      problem(
          "status.listen",
          "binding the status port to "
              + s.listen().host()
              + " (not loopback) needs status.token_file: the port shows the site's arming state");
    } else {
      secretFile(s.tokenFile(), "status.token_file");
    }
  }

  private String secretFile(Path file, String key) {
    if (file == null) {
      problem(key, "is required");
      return null;
    }
    try {
      return SecretFiles.read(resolve(file));
    } catch (IOException e) {
      problem(key, e.getMessage() == null ? "cannot read " + file : e.getMessage());
      return null;
    }
  }

  private Path resolve(Path file) {
    return baseDir == null || file.isAbsolute() ? file : baseDir.resolve(file);
  }

  private void listenAddress(HostPort hp, String key) {
    try {
      HostPort.parseListen(hp.toString());
    } catch (IllegalArgumentException e) {
      problem(key, e.getMessage());
    }
  }

  private void delay(Duration d, String key) {
    check(
        !d.isNegative() && d.compareTo(Duration.ofMinutes(10)) <= 0,
        key,
        "must be between 0s and 10m");
  }

  private void positive(Duration d, String key) {
    check(d == null || (!d.isNegative() && !d.isZero()), key, "must be more than 0");
  }

  private void positive(Integer n, String key) {
    check(n == null || n > 0, key, "must be more than 0");
  }

  private void required(Object value, String key, String message) {
    check(value != null && !(value instanceof String s && s.isBlank()), key, message);
  }

  private void check(boolean ok, String key, String message) {
    if (!ok) {
      problem(key, message);
    }
  }

  private void problem(String key, String message) {
    problems.add(new ConfigProblem(key, lines.lineOf(key), message));
  }
}
