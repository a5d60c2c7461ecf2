package io.chektbridge.daemon.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * One owner per alert: each kind is named by exactly one class of the daemon, the one that raises
 * and clears it. A second class naming it could clear the first one's alert while its condition
 * stands.
 */
class AlertOwnershipTest {
  private static final Path SOURCES = Path.of("src/main/java");
  private static final Pattern KIND = Pattern.compile("AlertKind\\.([A-Z_]+)");

  @Test
  void everyAlertKindHasExactlyOneOwningClass() throws IOException {
    Map<String, Set<String>> owners = new TreeMap<>();
    try (Stream<Path> files = Files.walk(SOURCES)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        String name = file.getFileName().toString();
        if (name.equals("AlertKind.java")) {
          continue;
        }
        Matcher m = KIND.matcher(Files.readString(file));
        while (m.find()) {
          owners.computeIfAbsent(m.group(1), k -> new TreeSet<>()).add(name);
        }
      }
    }

    assertThat(owners.keySet())
        .as("every kind is raised somewhere")
        .containsExactlyInAnyOrderElementsOf(
            Arrays.stream(AlertKind.values()).map(Enum::name).toList());
    owners.forEach(
        (kind, classes) -> assertThat(classes).as("the classes naming %s", kind).hasSize(1));
  }
}
