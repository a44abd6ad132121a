package io.github.proxyauth.benchmarks.harness;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Returns JMH results by benchmark class, method and parameters. */
final class Results {
  /** One score: value in its unit, and the 50th/99th percentiles when the mode has them. */
  record Score(double value, String unit, Optional<Double> p50, Optional<Double> p99) {}

  private final Map<String, Score> scores = new LinkedHashMap<>();

  /** Returns the results of a JMH JSON result file's text. */
  @SuppressWarnings("unchecked")
  static Results of(String json) {
    Results r = new Results();
    for (Object o : (List<Object>) Json.parse(json)) {
      Map<String, Object> run = (Map<String, Object>) o;
      String name = (String) run.get("benchmark");
      Object params = run.getOrDefault("params", Map.of());
      Map<String, Object> metric = (Map<String, Object>) run.get("primaryMetric");
      Map<String, Object> pct = (Map<String, Object>) metric.getOrDefault("scorePercentiles",
          Map.of());
      r.scores.put(key(name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1),
          params instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of()),
          new Score(number(metric.get("score")), (String) metric.get("scoreUnit"),
              Optional.ofNullable(pct.get("50.0")).map(Results::number),
              Optional.ofNullable(pct.get("99.0")).map(Results::number)));
    }
    return r;
  }

  /** Returns the score of {@code Class.method} with {@code params} (name, value, ...). */
  Optional<Score> get(String classAndMethod, String... params) {
    Map<String, Object> p = new TreeMap<>();
    for (int i = 0; i + 1 < params.length; i += 2) {
      p.put(params[i], params[i + 1]);
    }
    return Optional.ofNullable(scores.get(key(classAndMethod, p)));
  }

  boolean isEmpty() {
    return scores.isEmpty();
  }

  private static String key(String classAndMethod, Map<String, Object> params) {
    return classAndMethod + new TreeMap<>(params);
  }

  private static double number(Object o) {
    return o instanceof Double d ? d : Double.parseDouble(String.valueOf(o));
  }
}
