package io.chektbridge.daemon.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A secret named by a file, or {@code -} for one line of standard input. Secrets given as arguments
 * stay in {@code ps} and the shell history; these ways keep them out of both.
 */
final class SecretSource {
  static final String STDIN = "-";

  private SecretSource() {}

  /**
   * The secret, surrounding whitespace stripped; IllegalArgumentException naming {@code option}
   * when absent or empty.
   */
  static String read(String option, String source, BufferedReader stdin) {
    String text;
    try {
      text =
          STDIN.equals(source)
              ? stdin.readLine()
              : Files.readString(Path.of(source), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(option + ": " + source + " does not exist");
    } catch (IOException e) {
      throw new IllegalArgumentException(
          option + ": cannot read " + source + " (" + e.getMessage() + ")");
    }
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException(
          option + ": " + (STDIN.equals(source) ? "standard input" : source) + " holds no secret");
    }
    return text.strip();
  }
}
