package io.github.proxyauth.cli;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * The Prometheus text exposition format 0.0.4, written by hand: families with {@code # HELP} and
 * {@code # TYPE}, labelled counters, gauges and histograms.
 */
final class Prometheus {
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
  private final StringBuilder out = new StringBuilder();

  /** Starts the family {@code name} of {@code type} (counter, gauge, histogram). */
  Prometheus family(String name, String type, String help) {
    out.append("# HELP ").append(name).append(' ').append(help.replace("\\", "\\\\")
        .replace("\n", "\\n")).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    return this;
  }

  /** Adds one sample; {@code labels} is already rendered ({@code a="1",b="2"}) or empty. */
  Prometheus sample(String name, String labels, double value) {
    out.append(name);
    if (!labels.isEmpty()) {
      out.append('{').append(labels).append('}');
    }
    out.append(' ').append(number(value)).append('\n');
    return this;
  }

  /** Adds a counter family with one sample per label set seen so far. */
  Prometheus counter(String name, String help, Counters counters) {
    family(name, "counter", help);
    counters.values.forEach((labels, adder) -> sample(name, labels, adder.sum()));
    return this;
  }

  String text() {
    return out.toString();
  }

  /** Returns {@code name="value"} pairs, values escaped as the format requires. */
  static String labels(String... namesAndValues) {
    StringBuilder labels = new StringBuilder();
    for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
      labels.append(labels.length() == 0 ? "" : ",").append(namesAndValues[i]).append("=\"")
          .append(namesAndValues[i + 1].replace("\\", "\\\\").replace("\"", "\\\"")
          .replace("\n", "\\n")).append('"');
    }
    return labels.toString();
  }

  private static String number(double value) {
    if (Double.isInfinite(value)) {
      return value > 0 ? "+Inf" : "-Inf";
    }
    return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
        : Double.toString(value);
  }

  /** Counters keyed by their rendered labels, sorted for stable output. Thread-safe. */
  static final class Counters {
    private final Map<String, LongAdder> values = new ConcurrentSkipListMap<>();

    void add(String labels, long n) {
      values.computeIfAbsent(labels, k -> new LongAdder()).add(n);
    }

    void increment(String labels) {
      add(labels, 1);
    }
  }

  /** A histogram per label set with fixed upper bounds (seconds). Thread-safe. */
  static final class Histogram {
    private final double[] bounds;
    private final Map<String, Series> series = new ConcurrentHashMap<>();

    Histogram(double... bounds) {
      this.bounds = bounds.clone();
    }

    void observe(String labels, double value) {
      Series s = series.computeIfAbsent(labels, k -> new Series(bounds.length));
      for (int i = 0; i < bounds.length; i++) {
        if (value <= bounds[i]) {
          s.buckets.incrementAndGet(i);
        }
      }
      s.sum.add(value);
      s.count.increment();
    }

    void write(Prometheus out, String name, String help) {
      out.family(name, "histogram", help);
      new ConcurrentSkipListMap<>(series).forEach((labels, s) -> {
        String prefix = labels.isEmpty() ? "" : labels + ",";
        for (int i = 0; i < bounds.length; i++) {
          out.sample(name + "_bucket", prefix + labels("le", number(bounds[i])),
              s.buckets.get(i));
        }
        long count = s.count.sum();
        out.sample(name + "_bucket", prefix + labels("le", "+Inf"), count);
        out.sample(name + "_sum", labels, s.sum.sum());
        out.sample(name + "_count", labels, count);
      });
    }

    private static final class Series {
      final AtomicLongArray buckets;
      final DoubleAdder sum = new DoubleAdder();
      final LongAdder count = new LongAdder();

      Series(int size) {
        buckets = new AtomicLongArray(size);
      }
    }
  }
}
