package io.chektbridge.daemon.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@code init} will write: the config tree and the secrets it points at. Secret files are
 * referenced by a name relative to a folder chosen at rendering time, so the same answers can be
 * checked against staged secrets first and written with their final paths after.
 */
final class InitPlan {
  private static final String HEADER =
      "# Written by chekt-bridge init; every key: /usr/share/doc/chekt-bridge/config.md\n";
  private static final String SECRETS_DIR = "secretsDir";
  private static final ObjectMapper YAML = yamlMapper();

  private final Map<String, Object> root = new LinkedHashMap<>();
  private final Map<String, String> secrets = new LinkedHashMap<>();

  /** Sets the top-level section {@code name}. */
  void put(String name, Object value) {
    root.put(name, value);
  }

  /**
   * Records a secret to be written to {@code relative}; the returned value stands for its path in
   * the config.
   */
  Object secret(String relative, String value) {
    secrets.put(relative, value);
    return new SecretRef(relative);
  }

  /** Relative file name → secret, in the order they were given. */
  Map<String, String> secrets() {
    return Collections.unmodifiableMap(secrets);
  }

  /** The config text with every secret file under {@code secretsDir}. */
  String configText(Path secretsDir) throws IOException {
    return HEADER + YAML.writer().withAttribute(SECRETS_DIR, secretsDir).writeValueAsString(root);
  }

  private record SecretRef(String relative) {}

  private static final class SecretRefPath extends StdSerializer<SecretRef> {
    SecretRefPath() {
      super(SecretRef.class);
    }

    @Override
    public void serialize(SecretRef ref, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      gen.writeString(
          ((Path) provider.getAttribute(SECRETS_DIR)).resolve(ref.relative()).toString());
    }
  }

  private static ObjectMapper yamlMapper() {
    ObjectMapper mapper =
        new ObjectMapper(
            new YAMLFactory()
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS));
    return mapper.registerModule(
        new SimpleModule("init-secrets").addSerializer(new SecretRefPath()));
  }
}
