package io.chektbridge.daemon.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.chektbridge.daemon.state.Meaning;
import io.chektbridge.sia.KeyFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * Reads {@code bridge.yaml} into a {@link BridgeConfig}. Unknown keys, wrong types and invalid
 * values are errors naming the key and line; nothing is silently ignored, because a typo in an
 * installer's file ({@code exit_dealy}) would otherwise run the site on a default nobody chose.
 */
public final class ConfigLoader {
  /** Where systemd's unit and the .deb put the file. */
  public static final Path DEFAULT_FILE = Path.of("/etc/chekt-bridge/bridge.yaml");

  /** Environment variable naming the config file when {@code --config} is not given. */
  public static final String ENV_VAR = "CHEKT_BRIDGE_CONFIG";

  /** Where the daemon keeps its data when it runs on embedded defaults, without any file. */
  public static final Path EMBEDDED_STORAGE = Path.of("chekt-bridge-data");

  private static final ObjectMapper MAPPER = newMapper();

  /** Past this many wrong values the file is likely not a bridge config at all. */
  private static final int MAX_BINDING_PROBLEMS = 50;

  private ConfigLoader() {}

  /** Loads and validates a file. */
  public static BridgeConfig load(Path file) throws ConfigException {
    String yaml;
    try {
      yaml = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new ConfigException(new ConfigProblem(file.toString(), 0, "file not found"));
    } catch (AccessDeniedException e) {
      throw new ConfigException(
          new ConfigProblem(file.toString(), 0, "permission denied: run with sudo"));
    } catch (IOException e) {
      throw new ConfigException(
          new ConfigProblem(file.toString(), 0, "cannot read: " + e.getMessage()));
    }
    return parse(yaml, file.toAbsolutePath().getParent());
  }

  /**
   * Parses YAML text; relative key-file paths resolve against {@code baseDir} (the config file's
   * folder) so a config and its keys can move together.
   */
  public static BridgeConfig parse(String yaml, Path baseDir) throws ConfigException {
    YamlLocations lines = YamlLocations.index(yaml);
    List<ConfigProblem> problems = new ArrayList<>(lines.duplicates());
    BridgeConfig config = bind(yaml, lines, problems);
    if (config != null) {
      try {
        ConfigValidator.validate(config, baseDir, lines);
      } catch (ConfigException e) {
        e.problems().stream().filter(p -> !coveredBy(p, problems)).forEach(problems::add);
      }
    }
    if (!problems.isEmpty()) {
      problems.sort(Comparator.comparingInt(p -> p.line() == 0 ? Integer.MAX_VALUE : p.line()));
      throw new ConfigException(problems);
    }
    return config;
  }

  /**
   * Binds the document. When a value does not fit, every wrong value is listed, not only the first:
   * the document is bound again as a tree with each bad key dropped in turn. Only then, since a
   * tree has lost the scalars' original text ({@code nak: NO} would read as "false"). Null when the
   * document cannot be bound (a syntax error, a list item of the wrong shape).
   */
  private static BridgeConfig bind(String yaml, YamlLocations lines, List<ConfigProblem> problems) {
    if (yaml.isBlank()) {
      return new BridgeConfig(null, null, null, null, null, null, null, null, null);
    }
    ConfigProblem first;
    try {
      return MAPPER.readValue(yaml, BridgeConfig.class);
    } catch (IOException e) {
      first = describe(e, lines);
      if (syntaxError(e) != null) {
        problems.add(first);
        return null;
      }
    }
    int before = problems.size();
    JsonNode tree;
    try {
      tree = MAPPER.readTree(yaml);
    } catch (IOException e) {
      problems.add(describe(e, lines));
      return null;
    }
    for (int attempt = 0; attempt < MAX_BINDING_PROBLEMS; attempt++) {
      try {
        BridgeConfig config = MAPPER.treeToValue(tree, BridgeConfig.class);
        if (problems.size() == before) {
          problems.add(first); // the tree accepted what the text did not: the text's verdict stands
        }
        return config;
      } catch (JsonProcessingException e) {
        problems.add(describe(e, lines));
        if (!(e instanceof JsonMappingException m) || !drop(tree, m.getPath())) {
          return null;
        }
      }
    }
    return null;
  }

  /**
   * Removes the key a binding error points at; false when it is not a key in a section (a list
   * item, the root).
   */
  private static boolean drop(JsonNode tree, List<JsonMappingException.Reference> path) {
    JsonNode parent = tree;
    for (int i = 0; i < path.size() - 1 && parent != null; i++) {
      JsonMappingException.Reference ref = path.get(i);
      parent =
          ref.getFieldName() != null ? parent.get(ref.getFieldName()) : parent.get(ref.getIndex());
    }
    String field = path.isEmpty() ? null : path.get(path.size() - 1).getFieldName();
    if (!(parent instanceof ObjectNode section) || field == null || !section.has(field)) {
      return false;
    }
    section.remove(field);
    return true;
  }

  /** A check on a value already reported (and dropped) by the binder would only repeat it. */
  private static boolean coveredBy(ConfigProblem p, List<ConfigProblem> reported) {
    return reported.stream()
        .anyMatch(
            r ->
                p.key().equals(r.key())
                    || p.key().startsWith(r.key() + ".")
                    || p.key().startsWith(r.key() + "["));
  }

  /**
   * The configuration the daemon runs on when no file exists: a loopback DC-09 receiver that
   * accepts any account in plaintext (commissioning), data under {@code ./chekt-bridge-data}, no
   * cloud sync.
   */
  public static BridgeConfig embeddedDefaults() {
    BridgeConfig.Dc09 dc09 =
        new BridgeConfig.Dc09(null, null, true, null, null, null, null, null, null);
    return new BridgeConfig(
        null,
        null,
        new BridgeConfig.Receivers(dc09, null, null),
        null,
        null,
        null,
        null,
        new BridgeConfig.Storage(EMBEDDED_STORAGE),
        null);
  }

  /** The mapper the CLI uses to print a config back (same naming rules as reading). */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  private static ConfigProblem describe(IOException e, YamlLocations lines) {
    JsonParseException syntax = syntaxError(e);
    if (syntax != null) {
      return new ConfigProblem(
          "(file)",
          lineOf(syntax.getLocation()),
          "not valid YAML: " + firstLine(syntax.getOriginalMessage()));
    }
    if (e instanceof UnrecognizedPropertyException u) {
      String key = pathOf(u);
      if (!key.endsWith(u.getPropertyName())) {
        key = key.equals("(top level)") ? u.getPropertyName() : key + "." + u.getPropertyName();
      }
      return new ConfigProblem(
          key,
          line(lines, key, u.getLocation()),
          "unknown key '" + u.getPropertyName() + "'" + known(u));
    }
    if (e instanceof JsonMappingException m) {
      String key = pathOf(m);
      return new ConfigProblem(key, line(lines, key, m.getLocation()), reason(m));
    }
    return new ConfigProblem("(file)", 0, "cannot read: " + e.getMessage());
  }

  private static JsonParseException syntaxError(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof JsonParseException p) {
        return p;
      }
    }
    return null;
  }

  private static String known(UnrecognizedPropertyException u) {
    if (u.getKnownPropertyIds() == null || u.getKnownPropertyIds().isEmpty()) {
      return "";
    }
    return "; expected one of: "
        + String.join(
            ", ", u.getKnownPropertyIds().stream().map(Object::toString).sorted().toList());
  }

  private static String reason(JsonMappingException m) {
    Throwable cause = m;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    if (cause instanceof IllegalArgumentException) {
      return cause.getMessage();
    }
    if (m instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException mi
        && mi.getTargetType() != null) {
      return "wrong type of value: " + expectedShape(mi.getTargetType());
    }
    return firstLine(m.getOriginalMessage());
  }

  private static String expectedShape(Class<?> type) {
    if (type == Integer.class || type == Long.class || type == int.class || type == long.class) {
      return "expected a whole number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "expected true or false";
    }
    if (type == String.class) {
      return "expected a single value";
    }
    if (java.util.Collection.class.isAssignableFrom(type)) {
      return "expected a list (lines starting with '- ')";
    }
    return "expected a section of 'key: value' lines";
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private static String pathOf(JsonMappingException e) {
    StringBuilder out = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        out.append(out.length() == 0 ? "" : ".").append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        out.append('[').append(ref.getIndex()).append(']');
      }
    }
    return out.length() == 0 ? "(top level)" : out.toString();
  }

  /** The key's own line from the index; the parser's position only when the index has none. */
  private static int line(YamlLocations lines, String key, JsonLocation location) {
    int indexed = lines.lineOf(key);
    return indexed > 0 ? indexed : lineOf(location);
  }

  private static int lineOf(JsonLocation location) {
    return location == null ? 0 : Math.max(location.getLineNr(), 0);
  }

  private static ObjectMapper newMapper() {
    SimpleModule values = new SimpleModule("chekt-bridge-config");
    values.addDeserializer(Duration.class, text(Durations::parse, "a duration like 30s"));
    values.addDeserializer(
        ZoneId.class, text(ConfigLoader::zone, "a time zone like America/Los_Angeles"));
    values.addDeserializer(
        HostPort.class, text(HostPort::parse, "an address like 127.0.0.1:12000"));
    values.addDeserializer(
        LineAnswer.class, text(LineAnswer::parse, "an answer like \"\\x06\" or OK"));
    values.addDeserializer(TimeWindow.class, text(TimeWindow::parse, "a window like -40s..+20s"));
    values.addDeserializer(Meaning.class, text(Meaning::ofWireName, "a meaning like zone_open"));
    values.addDeserializer(
        KeyFormat.class, text(t -> Enums.parse(KeyFormat.class, t), "hex or text"));
    values.addSerializer(Duration.class, shownAs(Duration.class, Durations::format));
    values.addSerializer(Meaning.class, shownAs(Meaning.class, Meaning::wireName));
    values.addSerializer(
        KeyFormat.class,
        shownAs(KeyFormat.class, f -> f.name().toLowerCase(java.util.Locale.ROOT)));
    for (Class<?> shownAsText :
        List.of(ZoneId.class, HostPort.class, TimeWindow.class, Path.class)) {
      values.addSerializer(
          shownAsText, com.fasterxml.jackson.databind.ser.std.ToStringSerializer.instance);
    }
    ObjectMapper mapper = new ObjectMapper(new YAMLFactory());
    mapper.setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
    mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    mapper.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    mapper.disable(com.fasterxml.jackson.databind.MapperFeature.ALLOW_COERCION_OF_SCALARS);
    mapper.registerModule(values);
    return mapper;
  }

  private static <T> com.fasterxml.jackson.databind.JsonSerializer<T> shownAs(
      Class<T> type, java.util.function.Function<T, String> text) {
    return new com.fasterxml.jackson.databind.ser.std.StdSerializer<>(type) {
      @Override
      public void serialize(
          T value,
          com.fasterxml.jackson.core.JsonGenerator gen,
          com.fasterxml.jackson.databind.SerializerProvider provider)
          throws java.io.IOException {
        gen.writeString(text.apply(value));
      }
    };
  }

  private static ZoneId zone(String text) {
    try {
      return ZoneId.of(text);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a time zone; use an IANA name like America/Los_Angeles");
    }
  }

  /** A deserializer for values written as one scalar and parsed by {@code parse}. */
  private static <T> JsonDeserializer<T> text(Function<String, T> parse, String expected) {
    return new JsonDeserializer<>() {
      @Override
      public T deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NUMBER_INT && expected.startsWith("a duration")) {
          throw JsonMappingException.from(
              p,
              null,
              new IllegalArgumentException(
                  "'"
                      + p.getText()
                      + "' has no unit; write e.g. "
                      + p.getText()
                      + "s (units: ms, s, m, h, d)"));
        }
        if (!t.isScalarValue()) {
          throw JsonMappingException.from(
              p, null, new IllegalArgumentException("expected " + expected));
        }
        try {
          return parse.apply(p.getText());
        } catch (IllegalArgumentException e) {
          throw JsonMappingException.from(p, e.getMessage(), e);
        }
      }
    };
  }
}
