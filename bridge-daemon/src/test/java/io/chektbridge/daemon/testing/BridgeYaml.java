package io.chektbridge.daemon.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.chektbridge.daemon.config.BridgeConfig;
import io.chektbridge.daemon.config.ConfigException;
import io.chektbridge.daemon.config.ConfigLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A test's bridge.yaml, said as what the test cares about. Unless the test says otherwise the DC-09
 * receiver and the status port listen on 127.0.0.1 port 0 and the database lives in {@code
 * dir/data}; sections the test adds nothing to are left out, so the bridge's defaults apply.
 * Jackson writes the text, so no test indents YAML by hand.
 */
public final class BridgeYaml {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final Path dir;
  private final Map<String, Object> site = new LinkedHashMap<>();
  private final Map<String, Object> cloud = new LinkedHashMap<>();
  private final Map<String, Object> dc09 = new LinkedHashMap<>();
  private final List<Map<String, Object>> accounts = new ArrayList<>();
  private final List<Map<String, Object>> serial = new ArrayList<>();
  private final List<Map<String, Object>> tcpLinks = new ArrayList<>();
  private final List<Map<String, Object>> partitions = new ArrayList<>();
  private final List<Map<String, Object>> zones = new ArrayList<>();
  private final List<Map<String, Object>> eventMap = new ArrayList<>();
  private int dc09Port;
  private int statusPort;
  private Path storage;

  private BridgeYaml(Path dir) {
    this.dir = dir;
    this.storage = dir.resolve("data");
  }

  /**
   * A bridge whose relative paths resolve against {@code dir} and whose database is {@code
   * dir/data}.
   */
  public static BridgeYaml in(Path dir) {
    return new BridgeYaml(dir);
  }

  /** The folder relative paths resolve against, where {@link #write} puts bridge.yaml. */
  public Path dir() {
    return dir;
  }

  public BridgeYaml dc09Port(int port) {
    this.dc09Port = port;
    return this;
  }

  /** The DC-09 port the config names (0: the daemon picks one). */
  public int dc09Port() {
    return dc09Port;
  }

  public BridgeYaml statusPort(int port) {
    this.statusPort = port;
    return this;
  }

  /** The status port the config names (0: the daemon picks one). */
  public int statusPort() {
    return statusPort;
  }

  public BridgeYaml storage(Path path) {
    this.storage = path;
    return this;
  }

  /** Any other {@code receivers.dc09} setting, e.g. {@code max_frames_per_second}. */
  public BridgeYaml dc09(String key, Object value) {
    dc09.put(key, value);
    return this;
  }

  public BridgeYaml acceptUnknownAccounts() {
    return dc09("accept_unknown_accounts", true);
  }

  /** A plaintext DC-09 account. */
  public BridgeYaml account(String number) {
    accounts.add(entry("account", number));
    return this;
  }

  /** An encrypted DC-09 account, its key in {@code keyFile}. */
  public BridgeYaml account(String number, Path keyFile) {
    accounts.add(entry("account", number, "key_file", keyFile));
    return this;
  }

  public BridgeYaml site(String id) {
    site.put("id", id);
    return this;
  }

  public BridgeYaml timezone(String zone) {
    site.put("timezone", zone);
    return this;
  }

  /** Cloud sync on: {@code siteId} at {@code baseUrl}, with the API key in {@code apiKeyFile}. */
  public BridgeYaml cloud(String siteId, URI baseUrl, Path apiKeyFile) {
    site(siteId);
    cloud.put("base_url", baseUrl.toString());
    cloud.put("auth", entry("type", "api_key", "api_key_file", apiKeyFile));
    return this;
  }

  /** A serial link on {@code port}; {@code settings} as key, value, ... (baud, framing, rs485). */
  public BridgeYaml serial(Object port, Object... settings) {
    Map<String, Object> link = entry("port", port);
    link.putAll(entry(settings));
    serial.add(link);
    return this;
  }

  /** A TCP link the bridge dials, e.g. to a serial device server. */
  public BridgeYaml tcpClientLink(String name, int port) {
    tcpLinks.add(entry("name", name, "transport", "tcp-client", "address", "127.0.0.1:" + port));
    return this;
  }

  /** A partition; a null delay is the bridge's default. */
  public BridgeYaml partition(int number, String name, String exitDelay, String entryDelay) {
    Map<String, Object> p = entry("number", number, "name", name);
    putUnlessNull(p, "exit_delay", exitDelay);
    putUnlessNull(p, "entry_delay", entryDelay);
    partitions.add(p);
    return this;
  }

  /** A zone; {@code settings} as key, value, ... (camera_id). */
  public BridgeYaml zone(int number, String name, int partition, String type, Object... settings) {
    Map<String, Object> z =
        entry("number", number, "name", name, "partition", partition, "type", type);
    z.putAll(entry(settings));
    zones.add(z);
    return this;
  }

  public BridgeYaml eventMap(String match, String meaning) {
    eventMap.add(entry("match", match, "meaning", meaning));
    return this;
  }

  public String text() {
    Map<String, Object> receivers = entry("dc09", dc09Section());
    putUnlessEmpty(receivers, "serial", serial);
    putUnlessEmpty(receivers, "tcp_links", tcpLinks);
    Map<String, Object> doc = new LinkedHashMap<>();
    putUnlessEmpty(doc, "site", site);
    putUnlessEmpty(doc, "cloud", cloud);
    doc.put("receivers", receivers);
    putUnlessEmpty(doc, "partitions", partitions);
    putUnlessEmpty(doc, "zones", zones);
    putUnlessEmpty(doc, "event_map", eventMap);
    doc.put("status", entry("listen", "127.0.0.1:" + statusPort));
    doc.put("storage", entry("path", storage));
    try {
      return YAML.writeValueAsString(doc);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes {@code dir/bridge.yaml}, as a child daemon reads it. */
  public Path write() {
    return writeTo(dir.resolve("bridge.yaml"));
  }

  public Path writeTo(Path file) {
    try {
      return Files.writeString(file, text());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The configuration an in-process daemon runs on, read as the bridge reads its file. */
  public BridgeConfig parse() throws ConfigException {
    return ConfigLoader.parse(text(), dir);
  }

  private Map<String, Object> dc09Section() {
    Map<String, Object> section = entry("listen", "127.0.0.1:" + dc09Port);
    section.putAll(dc09);
    putUnlessEmpty(section, "accounts", accounts);
    return section;
  }

  /** Key, value, ... in order; paths and URIs as the text a config file holds. */
  private static Map<String, Object> entry(Object... keysAndValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      Object value = keysAndValues[i + 1];
      m.put(
          (String) keysAndValues[i],
          value instanceof Path || value instanceof URI ? value.toString() : value);
    }
    return m;
  }

  private static void putUnlessNull(Map<String, Object> m, String key, Object value) {
    if (value != null) {
      m.put(key, value);
    }
  }

  /** {@code value} is a section (a map) or a list of entries. */
  private static void putUnlessEmpty(Map<String, Object> m, String key, Object value) {
    boolean empty =
        value instanceof Map<?, ?> section ? section.isEmpty() : ((List<?>) value).isEmpty();
    if (!empty) {
      m.put(key, value);
    }
  }
}
