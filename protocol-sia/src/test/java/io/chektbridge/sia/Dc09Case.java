package io.chektbridge.sia;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One case of {@code dc09-cases.txt}: key = value lines, repeated {@code event} lines. */
record Dc09Case(Map<String, String> fields, List<String> events) {
  String get(String key) {
    return fields.get(key);
  }

  /** Null for "-" (and for an absent key). */
  String nullable(String key) {
    String v = fields.get(key);
    return v == null || v.equals("-") ? null : unescapeText(v);
  }

  byte[] bytes(String key) {
    return unescapeBytes(fields.get(key));
  }

  @Override
  public String toString() {
    return fields.get("name");
  }

  static List<Dc09Case> load(String resource) throws IOException {
    List<Dc09Case> cases = new ArrayList<>();
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(
                Dc09Case.class.getResourceAsStream(resource), StandardCharsets.UTF_8))) {
      Map<String, String> fields = null;
      List<String> events = null;
      String line;
      while ((line = r.readLine()) != null) {
        if (line.startsWith("#")) {
          continue;
        }
        if (line.isBlank()) {
          if (fields != null) {
            cases.add(new Dc09Case(fields, events));
          }
          fields = null;
          continue;
        }
        if (fields == null) {
          fields = new LinkedHashMap<>();
          events = new ArrayList<>();
        }
        int eq = line.indexOf(" = ");
        String key = eq < 0 ? line.substring(0, line.indexOf(" =")) : line.substring(0, eq);
        String value = eq < 0 ? "" : line.substring(eq + 3);
        if (key.equals("event")) {
          events.add(value);
        } else {
          fields.put(key, value);
        }
      }
      if (fields != null) {
        cases.add(new Dc09Case(fields, events));
      }
    }
    return cases;
  }

  static byte[] unescapeBytes(String s) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\') {
        char n = s.charAt(++i);
        switch (n) {
          case 'n' -> out.write('\n');
          case 'r' -> out.write('\r');
          case '\\' -> out.write('\\');
          case 'x' -> {
            out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
            i += 2;
          }
          default -> throw new IllegalArgumentException("bad escape \\" + n);
        }
      } else {
        out.write(c);
      }
    }
    return out.toByteArray();
  }

  static String unescapeText(String s) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 5 < s.length() + 0 && s.charAt(i + 1) == 'u') {
        sb.append((char) Integer.parseInt(s.substring(i + 2, i + 6), 16));
        i += 5;
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
