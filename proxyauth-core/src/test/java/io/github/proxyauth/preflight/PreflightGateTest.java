package io.github.proxyauth.preflight;

import static io.github.proxyauth.preflight.PreflightTest.CANARY;
import static io.github.proxyauth.preflight.PreflightTest.auth;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyauth.ProxyAuthenticator;
import io.github.proxyauth.discovery.PacScript;
import io.github.proxyauth.discovery.ProxyDiscovery;
import io.github.proxyauth.preflight.PreflightReport.Outcome;
import io.github.proxyauth.preflight.PreflightReport.Status;
import io.github.proxyauth.preflight.PreflightReport.Step;
import io.github.proxyauth.testkit.TestProxy;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Preflight as a CI gate: every failure class has its own outcome, none passes by accident. */
class PreflightGateTest {

  static int closedPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    }
  }

  static ProxyDiscovery via(String proxyUrl) {
    return ProxyDiscovery.builder().proxy(proxyUrl).build();
  }

  static ProxyDiscovery pac(String script) throws Exception {
    return ProxyDiscovery.builder().pac(PacScript.builder().source("test.pac", script).build())
        .build();
  }

  @Test
  void tunnelRefusedAfterLoginIsTunnelFailedNotAuthentication() throws Exception {
    URI deadOrigin = URI.create("https://127.0.0.1:" + closedPort() + "/");
    try (TestProxy proxy = TestProxy.builder().user("alice", CANARY).basic("corp").build()) {
      PreflightReport report = Preflight.of(auth(CANARY), via(proxy.url().toString()))
          .check(deadOrigin);

      assertThat(report.outcome()).isEqualTo(Outcome.TUNNEL_FAILED);
      assertThat(report.outcome().exitCode()).isEqualTo(7);
      assertThat(report.scheme()).contains("basic");
      assertThat(step(report, "authenticate").status()).isEqualTo(Status.OK);
      assertThat(step(report, "tunnel").detail()).contains("502");
    }
  }

  @Test
  void unreachableOriginThroughAProxyWithoutAuthIsTunnelFailed() throws Exception {
    URI deadOrigin = URI.create("http://127.0.0.1:" + closedPort() + "/");
    try (TestProxy proxy = TestProxy.builder().build()) {
      PreflightReport report = Preflight.of(ProxyAuthenticator.builder().build(),
          via(proxy.url().toString())).check(deadOrigin);

      assertThat(report.outcome()).isEqualTo(Outcome.TUNNEL_FAILED);
      assertThat(report.scheme()).isEmpty();
    }
  }

  @Test
  void noProxyConfiguredDoesNotPass() {
    PreflightReport report = Preflight.of(auth(CANARY), ProxyDiscovery.builder()
        .environment(Map.<String, String>of()::get).build()).check(URI.create("https://x.test/"));

    assertThat(report.outcome()).isEqualTo(Outcome.NO_PROXY_CONFIGURED);
    assertThat(report.outcome().exitCode()).isEqualTo(8);
    assertThat(step(report, "route").status()).isEqualTo(Status.FAIL);
    assertThat(step(report, "route").fix()).hasValueSatisfying(f -> assertThat(f)
        .contains("https_proxy"));
  }

  @Test
  void failingPacIsAConfigurationErrorEvenWhenItGoesDirect() throws Exception {
    PreflightReport report = Preflight.of(auth(CANARY), pac(
        "function FindProxyForURL(url, host) { throw 'broken'; }"))
        .check(URI.create("https://x.test/"));

    assertThat(report.outcome()).isEqualTo(Outcome.CONFIGURATION_ERROR);
    assertThat(step(report, "route").detail()).contains("PAC script failed", "broken");
  }

  @Test
  void pacDirectIsADeliberateRouteAndPasses() throws Exception {
    PreflightReport report = Preflight.of(auth(CANARY), pac(
        "function FindProxyForURL(url, host) { return 'DIRECT'; }"))
        .check(URI.create("https://x.test/"));

    assertThat(report.outcome()).isEqualTo(Outcome.OK);
  }

  @Test
  void checksEveryProxyOfAFailoverListAndWarnsAboutTheDeadOne() throws Exception {
    int dead = closedPort();
    try (TestProxy proxy = TestProxy.builder().user("alice", CANARY).digest("corp").build();
        EchoServer origin = new EchoServer()) {
      PreflightReport report = Preflight.of(auth(CANARY), pac(
          "function FindProxyForURL(url, host) { return 'PROXY 127.0.0.1:" + dead
              + "; PROXY 127.0.0.1:" + proxy.port() + "; DIRECT'; }")).check(URI.create("https://127.0.0.1:" + origin.port() + "/"));

      assertThat(report.outcome()).isEqualTo(Outcome.OK);
      assertThat(report.scheme()).contains("digest");
      assertThat(step(report, "proxy1.connect").status()).isEqualTo(Status.WARN);
      assertThat(step(report, "proxy1.connect").fix()).hasValueSatisfying(f -> assertThat(f)
          .contains("fail over to 127.0.0.1:" + proxy.port()));
      assertThat(step(report, "proxy2.authenticate").status()).isEqualTo(Status.OK);
      assertUniqueNames(report);
    }
  }

  @Test
  void everyProxyDeadReportsTheFirstOnesOutcome() throws Exception {
    PreflightReport report = Preflight.of(auth(CANARY), pac(
        "function FindProxyForURL(url, host) { return 'PROXY 127.0.0.1:" + closedPort()
            + "; PROXY 127.0.0.1:" + closedPort() + "'; }"))
        .check(URI.create("https://x.test/"));

    assertThat(report.outcome()).isEqualTo(Outcome.PROXY_UNREACHABLE);
    assertThat(report.steps()).filteredOn(s -> s.status() == Status.FAIL).hasSize(2);
  }

  @Test
  void unresolvableProxyFixMentionsDns() {
    PreflightReport report = Preflight.of(auth(CANARY), via("http://no-such-proxy.invalid:3128"))
        .check(URI.create("https://x.test/"));

    assertThat(report.outcome()).isEqualTo(Outcome.PROXY_UNREACHABLE);
    assertThat(step(report, "connect").fix()).hasValueSatisfying(f -> assertThat(f)
        .contains("DNS"));
  }

  @Test
  void stepTimesDoNotOverlap() throws Exception {
    try (TestProxy proxy = TestProxy.builder().user("alice", CANARY).digest("corp").build();
        EchoServer origin = new EchoServer()) {
      PreflightReport report = Preflight.of(auth(CANARY), via(proxy.url().toString()))
          .check(URI.create("https://127.0.0.1:" + origin.port() + "/"));

      assertThat(report.ok()).isTrue();
      assertUniqueNames(report);
      assertThat(step(report, "scheme.digest").took()).isZero();
    }
  }

  static void assertUniqueNames(PreflightReport report) {
    List<String> names = report.steps().stream().map(Step::name).toList();
    assertThat(names).doesNotHaveDuplicates();
  }

  static Step step(PreflightReport report, String name) {
    return report.steps().stream().filter(s -> s.name().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no step " + name + " in " + report));
  }
}
