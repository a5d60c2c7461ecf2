package io.chektbridge.daemon.config;

import java.util.List;

/** The configuration cannot be used; every problem names the key and, where known, the line. */
public final class ConfigException extends Exception {
  private final List<ConfigProblem> problems;

  public ConfigException(List<ConfigProblem> problems) {
    super(render(problems));
    this.problems = List.copyOf(problems);
  }

  public ConfigException(ConfigProblem problem) {
    this(List.of(problem));
  }

  public List<ConfigProblem> problems() {
    return problems;
  }

  private static String render(List<ConfigProblem> problems) {
    StringBuilder out = new StringBuilder();
    for (ConfigProblem p : problems) {
      if (out.length() > 0) {
        out.append('\n');
      }
      out.append(p);
    }
    return out.toString();
  }
}
