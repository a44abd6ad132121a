package io.github.proxyauth.benchmarks.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class ReportTest {
  private static final String JMH = """
      [ { "benchmark" : "io.github.proxyauth.benchmarks.ChallengeParsingBenchmark.proxyauth",
          "mode" : "avgt", "params" : { "headers" : "digest" },
          "primaryMetric" : { "score" : 250.0, "scoreError" : "NaN", "scoreUnit" : "ns/op" } },
        { "benchmark" : "io.github.proxyauth.benchmarks.ChallengeParsingBenchmark.okhttp",
          "mode" : "avgt", "params" : { "headers" : "digest" },
          "primaryMetric" : { "score" : 500.0, "scoreError" : 1.5e1, "scoreUnit" : "ns/op" } },
        { "benchmark" : "io.github.proxyauth.benchmarks.EndToEndBenchmark.request",
          "mode" : "sample", "params" : { "client" : "okhttp", "scheme" : "none" },
          "primaryMetric" : { "score" : 100.0, "scoreUnit" : "us/op",
            "scorePercentiles" : { "50.0" : 90.0, "99.0" : 300.0 } } },
        { "benchmark" : "io.github.proxyauth.benchmarks.EndToEndBenchmark.request",
          "mode" : "sample", "params" : { "client" : "okhttp", "scheme" : "basic" },
          "primaryMetric" : { "score" : 125.0, "scoreUnit" : "us/op",
            "scorePercentiles" : { "50.0" : 95.0, "99.0" : 310.0 } } } ]
      """;

  @Test
  void rendersPeerRatiosAndNoAuthRatiosFromJmhJson() throws Exception {
    Properties memory = new Properties();
    memory.setProperty("authenticator.bytes", "1234");
    String md = new Report(Results.of(JMH), new Properties(), memory)
        .render("short", "1.00 0.50 0.25", "run.sh --short");
    assertThat(md).contains("NOT representative")
        .contains("| digest | n/a | 2.00x | 250 ns/op | n/a | 500 ns/op |")
        .contains("| okhttp | basic | 0.80x | 8000 | 125 us/op | 95.0 us | 310 us |")
        .contains("| okhttp | none | 1.00x | 10000 |")
        .contains("| 1234 |")
        .contains("load average (1/5/15 min) at start | 1.00 0.50 0.25");
  }
}
