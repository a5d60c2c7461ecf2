package io.chektbridge.daemon.store;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One versioned schema script. The list of scripts is {@code db/migration/index.txt} (one file name
 * a line), because a classpath folder cannot be listed inside a shaded jar.
 */
record Migration(int version, String name, String fileName) {
  private static final Pattern FILE = Pattern.compile("V(\\d+)__(\\w+)\\.sql");

  static List<Migration> available() {
    List<Migration> out = new ArrayList<>();
    try (InputStream in = Migration.class.getResourceAsStream("/db/migration/index.txt")) {
      if (in == null) {
        throw new IOException("db/migration/index.txt is missing from the jar");
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      while ((line = r.readLine()) != null) {
        line = line.strip();
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        Matcher m = FILE.matcher(line);
        if (!m.matches()) {
          throw new IOException("bad migration file name in index.txt: " + line);
        }
        out.add(new Migration(Integer.parseInt(m.group(1)), m.group(2), line));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.sort(Comparator.comparingInt(Migration::version));
    for (int i = 1; i < out.size(); i++) {
      if (out.get(i).version() == out.get(i - 1).version()) {
        throw new IllegalStateException("two migrations share version " + out.get(i).version());
      }
    }
    return out;
  }
}
