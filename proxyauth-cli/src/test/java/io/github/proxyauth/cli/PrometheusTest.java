package io.github.proxyauth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The hand-written Prometheus text format. */
class PrometheusTest {

  @Test
  void countersAndGaugesHaveHelpTypeAndEscapedLabels() {
    Prometheus.Counters counters = new Prometheus.Counters();
    counters.increment(Prometheus.labels("proxy", "p:3128", "why", "a \"quoted\"\\ \n value"));
    counters.add(Prometheus.labels("proxy", "p:3128", "why", "a \"quoted\"\\ \n value"), 2);
    String text = new Prometheus().counter("x_total", "Things\nseen", counters)
        .family("y", "gauge", "Now").sample("y", "", 1.5).text();

    assertThat(text).isEqualTo("# HELP x_total Things\\nseen\n# TYPE x_total counter\n"
        + "x_total{proxy=\"p:3128\",why=\"a \\\"quoted\\\"\\\\ \\n value\"} 3\n"
        + "# HELP y Now\n# TYPE y gauge\ny 1.5\n");
    assertThat(MetricsText.parse(text).value("y", "")).contains(1.5);
  }

  @Test
  void histogramBucketsAreCumulativeWithInfSumAndCount() {
    Prometheus.Histogram histogram = new Prometheus.Histogram(0.1, 1);
    String kind = Prometheus.labels("kind", "request");
    histogram.observe(kind, 0.05);
    histogram.observe(kind, 0.5);
    histogram.observe(kind, 7);
    Prometheus out = new Prometheus();
    histogram.write(out, "d_seconds", "Durations");
    MetricsText parsed = MetricsText.parse(out.text());

    assertThat(parsed.type("d_seconds")).contains("histogram");
    assertThat(parsed.value("d_seconds_bucket", "kind=\"request\",le=\"0.1\"")).contains(1.0);
    assertThat(parsed.value("d_seconds_bucket", "kind=\"request\",le=\"1\"")).contains(2.0);
    assertThat(parsed.value("d_seconds_bucket", "kind=\"request\",le=\"+Inf\"")).contains(3.0);
    assertThat(parsed.value("d_seconds_count", "kind=\"request\"")).contains(3.0);
    assertThat(parsed.value("d_seconds_sum", "kind=\"request\"").orElseThrow())
        .isCloseTo(7.55, within(1e-9));
  }
}
