package io.chektbridge.daemon.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

/** A bridge.yaml the loader must refuse, and what a test checks of each problem it names. */
final class RefusedYaml {
  private RefusedYaml() {}

  /** The problems the loader names for {@code yaml}; fails the test if it loads. */
  static List<ConfigProblem> problems(String yaml, Path baseDir) {
    try {
      ConfigLoader.parse(yaml, baseDir);
    } catch (ConfigException e) {
      return e.problems();
    }
    throw new AssertionError("expected the config to be refused:\n" + yaml);
  }

  /** The one problem the loader names for {@code yaml}. */
  static ConfigProblem problem(String yaml, Path baseDir) {
    List<ConfigProblem> problems = problems(yaml, baseDir);
    assertThat(problems).hasSize(1);
    return problems.get(0);
  }

  /** {@code p} names {@code key} on {@code line} and its message says {@code says}. */
  static void assertNames(ConfigProblem p, String key, int line, String says) {
    assertThat(p.key()).isEqualTo(key);
    assertThat(p.line()).as(key).isEqualTo(line);
    assertThat(p.message()).contains(says);
  }

  /** The line of the one problem about {@code key}. */
  static int lineOf(List<ConfigProblem> problems, String key) {
    List<ConfigProblem> about = problems.stream().filter(p -> p.key().equals(key)).toList();
    assertThat(about).as(key).hasSize(1);
    return about.get(0).line();
  }
}
