package io.chektbridge.daemon.config;

/**
 * One thing wrong with a configuration file.
 *
 * @param key dotted key path, e.g. {@code partitions[0].exit_delay}
 * @param line 1-based line in the file, or 0 when the problem is not tied to a line
 * @param message what is wrong and what to write instead, in installer words
 */
public record ConfigProblem(String key, int line, String message) {
  @Override
  public String toString() {
    String where = line > 0 ? "line " + line + ": " : "";
    return where + key + ": " + message;
  }
}
