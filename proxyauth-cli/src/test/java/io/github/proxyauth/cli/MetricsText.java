package io.github.proxyauth.cli;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text format 0.0.4, for tests: every sample must belong to a
 * family declared by {@code # TYPE} before it (histogram samples by their suffixes), label values
 * must be quoted and escaped, values must be numbers.
 */
final class MetricsText {
  private static final Pattern SAMPLE = Pattern.compile(
      "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{((?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\[\\\\\"n])*\""
      + ",?)*)\\})? (-?[0-9.eE+-]+|\\+Inf|-Inf|NaN)");
  private final Map<String, Double> samples = new LinkedHashMap<>();
  private final Map<String, String> types = new HashMap<>();

  private MetricsText() {}

  static MetricsText parse(String text) {
    MetricsText out = new MetricsText();
    for (String line : text.split("\n", -1)) {
      if (line.isEmpty() || line.startsWith("# HELP ")) {
        continue;
      }
      if (line.startsWith("# TYPE ")) {
        String[] parts = line.split(" ");
        if (parts.length != 4 || out.types.putIfAbsent(parts[2], parts[3]) != null) {
          throw new AssertionError("bad or repeated TYPE line: " + line);
        }
        continue;
      }
      Matcher m = SAMPLE.matcher(line);
      if (!m.matches()) {
        throw new AssertionError("not a sample line: '" + line + "'");
      }
      String family = m.group(1).replaceFirst("_(bucket|sum|count)$", "");
      if (!out.types.containsKey(m.group(1)) && !"histogram".equals(out.types.get(family))) {
        throw new AssertionError("sample before its TYPE line: " + line);
      }
      String key = m.group(1) + (m.group(3) == null ? "" : "{" + m.group(3) + "}");
      if (out.samples.put(key, Double.parseDouble(m.group(4).replace("+Inf", "Infinity")
          .replace("-Inf", "-Infinity"))) != null) {
        throw new AssertionError("repeated sample: " + line);
      }
    }
    return out;
  }

  /** Returns the sample {@code name{labels}} exactly as written ({@code a="1",b="2"}). */
  Optional<Double> value(String name, String labels) {
    return Optional.ofNullable(samples.get(labels.isEmpty() ? name : name + "{" + labels + "}"));
  }

  /** Returns the sum of every sample of {@code name} whatever its labels. */
  double sum(String name) {
    return samples.entrySet().stream().filter(e -> e.getKey().equals(name)
        || e.getKey().startsWith(name + "{")).mapToDouble(Map.Entry::getValue).sum();
  }

  Optional<String> type(String family) {
    return Optional.ofNullable(types.get(family));
  }
}
