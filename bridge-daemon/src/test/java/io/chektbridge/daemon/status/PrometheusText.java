package io.chektbridge.daemon.status;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict parser of the Prometheus text exposition format 0.0.4, for tests: every line is a HELP,
 * a TYPE or a sample with a valid name, label set and value; each family is declared before its
 * samples and only once; histogram buckets are cumulative and end in +Inf equal to _count.
 */
final class PrometheusText {
  private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern SAMPLE =
      Pattern.compile(
          "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{((?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\[\\\\\"n])*\",?)*)\\})? (\\S+)");
  private static final Pattern LABEL =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");
  private static final Set<String> TYPES =
      Set.of("counter", "gauge", "histogram", "summary", "untyped");

  record Sample(String name, Map<String, String> labels, double value) {}

  final Map<String, String> types = new LinkedHashMap<>();
  final List<Sample> samples = new ArrayList<>();

  static PrometheusText parse(String text) {
    PrometheusText p = new PrometheusText();
    if (!text.isEmpty() && !text.endsWith("\n")) {
      throw new IllegalArgumentException("exposition must end with a newline");
    }
    Map<String, Boolean> helped = new HashMap<>();
    int n = 0;
    for (String line : text.split("\n")) {
      n++;
      if (line.startsWith("# HELP ")) {
        String name = line.substring(7).split(" ", 2)[0];
        require(NAME.matcher(name).matches() && helped.put(name, true) == null, n, line);
      } else if (line.startsWith("# TYPE ")) {
        String[] parts = line.substring(7).split(" ");
        require(
            parts.length == 2
                && NAME.matcher(parts[0]).matches()
                && TYPES.contains(parts[1])
                && !p.types.containsKey(parts[0]),
            n,
            line);
        p.types.put(parts[0], parts[1]);
      } else {
        Matcher m = SAMPLE.matcher(line);
        require(m.matches(), n, line);
        String family = family(m.group(1), p.types);
        require(family != null, n, "sample before its # TYPE: " + line);
        Map<String, String> labels = new LinkedHashMap<>();
        if (m.group(3) != null) {
          Matcher l = LABEL.matcher(m.group(3));
          while (l.find()) {
            labels.put(l.group(1), l.group(2));
          }
        }
        p.samples.add(new Sample(m.group(1), labels, value(m.group(4), n)));
      }
    }
    p.checkHistograms();
    return p;
  }

  double value(String name, Map<String, String> labels) {
    return samples.stream()
        .filter(s -> s.name.equals(name) && s.labels.equals(labels))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no sample " + name + labels))
        .value;
  }

  /**
   * The cumulative count of a histogram bucket, found by its bound's value (however it is written).
   */
  double bucket(String histogram, double le) {
    return samples.stream()
        .filter(
            s ->
                s.name.equals(histogram + "_bucket")
                    && s.labels.containsKey("le")
                    && value(s.labels.get("le"), 0) == le)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no bucket le=" + le + " in " + histogram))
        .value;
  }

  private void checkHistograms() {
    types.forEach(
        (name, type) -> {
          if (!type.equals("histogram")) {
            return;
          }
          double previous = 0;
          double inf = -1;
          for (Sample s : samples) {
            if (s.name.equals(name + "_bucket")) {
              require(s.value >= previous, 0, "histogram " + name + " buckets are not cumulative");
              previous = s.value;
              if ("+Inf".equals(s.labels.get("le"))) {
                inf = s.value;
              }
            }
          }
          require(
              inf == value(name + "_count", Map.of()),
              0,
              "histogram " + name + ": +Inf bucket != _count");
        });
  }

  private static String family(String sample, Map<String, String> types) {
    if (types.containsKey(sample)) {
      return sample;
    }
    for (String suffix : List.of("_bucket", "_sum", "_count")) {
      if (sample.endsWith(suffix)
          && "histogram"
              .equals(types.get(sample.substring(0, sample.length() - suffix.length())))) {
        return sample;
      }
    }
    return null;
  }

  private static double value(String text, int line) {
    return switch (text) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      case "NaN" -> Double.NaN;
      default -> {
        try {
          yield Double.parseDouble(text);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("line " + line + ": bad value " + text);
        }
      }
    };
  }

  private static void require(boolean ok, int line, String what) {
    if (!ok) {
      throw new IllegalArgumentException("line " + line + ": not valid Prometheus text: " + what);
    }
  }
}
