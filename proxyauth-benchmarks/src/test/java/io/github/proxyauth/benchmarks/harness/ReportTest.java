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
        { "benchmark" : "io.github.proxyauth.benchmarks.HeaderComputationBenchmark.basicProxyauth",
          "mode" : "avgt", "primaryMetric" : { "score" : 200.0, "scoreUnit" : "ns/op" } } ]
      """;

  @Test
  void rendersPeerRatiosAndNoAuthRatiosFromJmhJson() throws Exception {
    Properties memory = new Properties();
    memory.setProperty("authenticator.bytes", "1234");
    memory.setProperty("authenticator.min", "1200");
    memory.setProperty("authenticator.max", "1300");
    Properties squid = new Properties();
    squid.setProperty("e2e.squid.okhttp.none.mean.us", "100");
    squid.setProperty("e2e.squid.okhttp.negotiate.mean.us", "125");
    squid.setProperty("e2e.squid.okhttp.negotiate.p50.us", "95");
    squid.setProperty("relay.small.direct.p50.us", "1000");
    squid.setProperty("relay.small.local.p50.us", "1050");
    squid.setProperty("relay.small.direct.mean.us", "1000");
    squid.setProperty("relay.small.local.mean.us", "1250");
    squid.setProperty("rt.local.ntlm.http.challenges", "2");
    squid.setProperty("rt.local.ntlm.http.connections", "1");
    Properties kit = new Properties();
    kit.setProperty("conc.local.failures", "0");
    String md = new Report(Results.of(JMH), new Properties(), memory, squid, kit)
        .render("short", "1.00 0.50 0.25", "run.sh --short");
    assertThat(md).contains("NOT representative")
        .contains("| digest | n/a | 2.00x | 250 ns/op | n/a | 500 ns/op |")
        .contains("| Squid | okhttp | negotiate | 0.80x | 95.0 us | n/a | 125 us |")
        .contains("| Negotiate >= 0.95x of no-auth, okhttp | Squid 0.80x, test kit n/a | **no** |")
        .contains("adds <= 10% at p50 to a small GET via Squid | +5.0%")
        .contains("| relay >= 0.9x requests/s of the plain JDK client | 0.80x")
        .contains("2 407s (the no-credentials probe + 1 Type 2) on 1 Squid connection(s)")
        .contains("| 500 concurrent client connections (mixed): no failure | 0 failures | yes |")
        .contains("| 1234 | 1200 .. 1300 |")
        .contains("load average (1/5/15 min) at start | 1.00 0.50 0.25");
  }
}
