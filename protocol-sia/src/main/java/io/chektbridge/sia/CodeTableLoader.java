package io.chektbridge.sia;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads the {@code ;}-separated data files on the classpath ({@code #} lines are comments). */
final class CodeTableLoader {
  private CodeTableLoader() {}

  static List<String[]> rows(String resource, int columns) {
    try (InputStream in = CodeTableLoader.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("code table " + resource + " missing from the jar");
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      List<String[]> rows = new ArrayList<>();
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] cells = line.split(";", -1);
        if (cells.length != columns) {
          throw new IllegalStateException(
              resource + ": expected " + columns + " columns in: " + line);
        }
        rows.add(cells);
      }
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
