package io.chektbridge.daemon.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * Generates docs/config.md from the {@link BridgeConfig} records: one section per key with its
 * type, allowed values and default (read from the records' compact constructors, so they cannot
 * drift), and a description from config-docs.properties.
 */
final class ConfigDocs {
  record Key(String path, String type, String defaultValue) {}

  private ConfigDocs() {}

  static List<Key> keys() {
    List<Key> out = new ArrayList<>();
    walk(BridgeConfig.class, "", out);
    return out;
  }

  static Properties descriptions() throws IOException {
    Properties p = new Properties();
    try (InputStream in = ConfigDocs.class.getResourceAsStream("/config-docs.properties")) {
      p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
    }
    return p;
  }

  static String render(Properties descriptions) {
    StringBuilder md = new StringBuilder();
    md.append("# Configuration keys\n\n")
        .append(
            "<!-- Generated from the BridgeConfig records by ConfigDocsTest; edit config-docs.properties, not this file. -->\n\n")
        .append(
            "`/etc/chekt-bridge/bridge.yaml` (or `--config FILE`, or `$CHEKT_BRIDGE_CONFIG`). Every key is optional ")
        .append(
            "unless its description says otherwise; `[]` marks a list. Durations take a unit: `500ms`, `30s`, `5m`, `25h`, `7d`. ")
        .append("Check a file with `chekt-bridge config validate`.\n\n");
    for (Key k : keys()) {
      md.append("## `")
          .append(k.path())
          .append("`\n\n")
          .append(descriptions.getProperty(k.path(), ""))
          .append("\n\n")
          .append("- type: ")
          .append(k.type())
          .append('\n');
      if (k.defaultValue() != null) {
        md.append("- default: `").append(k.defaultValue()).append("`\n");
      }
      md.append('\n');
    }
    return md.toString();
  }

  private static void walk(Class<?> record, String prefix, List<Key> out) {
    Object defaults = defaults(record);
    for (RecordComponent c : record.getRecordComponents()) {
      String path = prefix + snake(c.getName());
      Class<?> type = c.getType();
      if (type.isRecord() && !isScalar(type)) {
        walk(type, path + ".", out);
      } else if (List.class.isAssignableFrom(type)) {
        Type element = ((ParameterizedType) c.getGenericType()).getActualTypeArguments()[0];
        Class<?> el = (Class<?>) element;
        if (el.isRecord() && !isScalar(el)) {
          walk(el, path + "[].", out);
        } else {
          out.add(new Key(path + "[]", typeName(el), null));
        }
      } else {
        out.add(new Key(path, typeName(type), defaultOf(defaults, c)));
      }
    }
  }

  private static boolean isScalar(Class<?> type) {
    return type == HostPort.class || type == TimeWindow.class;
  }

  private static Object defaults(Class<?> record) {
    try {
      Class<?>[] types =
          Arrays.stream(record.getRecordComponents())
              .map(RecordComponent::getType)
              .toArray(Class<?>[]::new);
      Constructor<?> canonical = record.getDeclaredConstructor(types);
      return canonical.newInstance(new Object[types.length]);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  private static String defaultOf(Object defaults, RecordComponent c) {
    if (defaults == null) {
      return null;
    }
    try {
      Object v = c.getAccessor().invoke(defaults);
      if (v == null || String.valueOf(v).contains("null")) {
        return null;
      }
      if (v instanceof Duration d) {
        return Durations.format(d);
      }
      if (v instanceof Enum<?> e) {
        return wireName(e);
      }
      if (c.getType() == ZoneId.class) {
        return null; // the host's zone: differs per machine
      }
      return String.valueOf(v);
    } catch (ReflectiveOperationException e) {
      return null;
    }
  }

  /** How the reference names each value type other than enums; anything else is text. */
  private static final Map<Class<?>, String> VALUE_TYPES =
      Map.ofEntries(
          Map.entry(Duration.class, "duration"),
          Map.entry(HostPort.class, "address `host:port` (listen addresses: an IP literal)"),
          Map.entry(TimeWindow.class, "time window `-40s..+20s`"),
          Map.entry(Path.class, "file or folder path"),
          Map.entry(URI.class, "URL"),
          Map.entry(ZoneId.class, "IANA time zone, e.g. `America/Los_Angeles`"),
          Map.entry(Integer.class, "whole number"),
          Map.entry(Long.class, "whole number"),
          Map.entry(Boolean.class, "`true` or `false`"));

  private static String typeName(Class<?> type) {
    if (type.isEnum()) {
      return "one of "
          + Arrays.stream(type.getEnumConstants())
              .map(e -> "`" + wireName((Enum<?>) e) + "`")
              .collect(Collectors.joining(", "));
    }
    return VALUE_TYPES.getOrDefault(type, "text");
  }

  private static String wireName(Enum<?> e) {
    try {
      return String.valueOf(e.getClass().getMethod("wireName").invoke(e));
    } catch (ReflectiveOperationException x) {
      return e.name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private static String snake(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
  }
}
