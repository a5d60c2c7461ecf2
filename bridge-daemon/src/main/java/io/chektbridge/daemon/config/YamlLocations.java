package io.chektbridge.daemon.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The line of every key in a YAML document, by dotted path ({@code zones[1].partition}), so checks
 * that run after binding can still point the installer at a line; and every key written twice in
 * one section, which the binder would accept silently with the last value winning.
 */
final class YamlLocations {
  private final Map<String, Integer> lines;
  private final List<ConfigProblem> duplicates;

  private YamlLocations(Map<String, Integer> lines, List<ConfigProblem> duplicates) {
    this.lines = lines;
    this.duplicates = duplicates;
  }

  static YamlLocations index(String yaml) {
    Map<String, Integer> lines = new HashMap<>();
    List<ConfigProblem> duplicates = new ArrayList<>();
    try (JsonParser p = new YAMLFactory().createParser(yaml)) {
      Deque<String> path = new ArrayDeque<>();
      Deque<Integer> arrayIndex = new ArrayDeque<>();
      Deque<Set<String>> sectionKeys = new ArrayDeque<>();
      JsonToken t;
      String pendingField = null;
      while ((t = p.nextToken()) != null) {
        int line = p.currentTokenLocation().getLineNr();
        switch (t) {
          case FIELD_NAME -> {
            pendingField = p.currentName();
            String key = join(path, pendingField);
            Integer first = lines.putIfAbsent(key, line);
            if (!sectionKeys.peek().add(pendingField)) {
              duplicates.add(
                  new ConfigProblem(
                      key,
                      line,
                      "'"
                          + pendingField
                          + "' is written twice in this section (first on "
                          + "line "
                          + first
                          + "); only the last would count, so merge them into one"));
            }
          }
          case START_OBJECT, START_ARRAY -> {
            String segment = nextSegment(pendingField, arrayIndex);
            path.addLast(segment);
            lines.putIfAbsent(String.join("", path).replaceFirst("^\\.", ""), line);
            arrayIndex.push(t == JsonToken.START_ARRAY ? 0 : -1);
            sectionKeys.push(new HashSet<>());
            pendingField = null;
          }
          case END_OBJECT, END_ARRAY -> {
            path.pollLast();
            arrayIndex.pop();
            sectionKeys.pop();
            advanceArray(arrayIndex);
          }
          default -> {
            if (pendingField == null) {
              String key = join(path, null) + "[" + currentIndex(arrayIndex) + "]";
              lines.putIfAbsent(key, line);
            }
            pendingField = null;
            advanceArray(arrayIndex);
          }
        }
      }
    } catch (IOException e) {
      // a syntax error is reported by the binder with its own location
    }
    return new YamlLocations(lines, duplicates);
  }

  /** Keys written twice in one section, each at its second line. */
  List<ConfigProblem> duplicates() {
    return duplicates;
  }

  /** The line of {@code key}, or of its closest parent that has one; 0 when none. */
  int lineOf(String key) {
    String k = key;
    while (!k.isEmpty()) {
      Integer line = lines.get(k);
      if (line != null) {
        return line;
      }
      int cut = Math.max(k.lastIndexOf('.'), k.lastIndexOf('['));
      k = cut > 0 ? k.substring(0, cut) : "";
    }
    return 0;
  }

  private static String nextSegment(String field, Deque<Integer> arrayIndex) {
    if (field != null) {
      return "." + field;
    }
    if (arrayIndex.isEmpty()) {
      return "";
    }
    return "[" + currentIndex(arrayIndex) + "]";
  }

  private static int currentIndex(Deque<Integer> arrayIndex) {
    return arrayIndex.isEmpty() ? 0 : arrayIndex.peek();
  }

  private static void advanceArray(Deque<Integer> arrayIndex) {
    if (!arrayIndex.isEmpty() && arrayIndex.peek() >= 0) {
      arrayIndex.push(arrayIndex.pop() + 1);
    }
  }

  private static String join(Deque<String> path, String field) {
    String prefix = String.join("", path).replaceFirst("^\\.", "");
    if (field == null) {
      return prefix;
    }
    return prefix.isEmpty() ? field : prefix + "." + field;
  }
}
