package io.github.proxyauth.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyauth.AuthEvent;
import io.github.proxyauth.Credentials;
import io.github.proxyauth.ProxyAuthenticator;
import io.github.proxyauth.RecordingListener;
import io.github.proxyauth.discovery.ProxyDiscovery;
import io.github.proxyauth.preflight.PreflightReport.Outcome;
import io.github.proxyauth.preflight.PreflightReport.Status;
import io.github.proxyauth.testkit.TestProxy;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PreflightTest {
  static final String CANARY = "canary-preflight-Secret-99";

  EchoServer origin;

  @BeforeEach
  void startOrigin() throws IOException {
    origin = new EchoServer();
  }

  @AfterEach
  void stopOrigin() throws Exception {
    origin.close();
  }

  URI target() {
    return URI.create("https://127.0.0.1:" + origin.port() + "/");
  }

  static ProxySelector fixed(int port) {
    return new ProxySelector() {
      @Override
      public List<Proxy> select(URI uri) {
        return List.of(new Proxy(Proxy.Type.HTTP, new InetSocketAddress("127.0.0.1", port)));
      }

      @Override
      public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {}
    };
  }

  static ProxyAuthenticator auth(String password) {
    return ProxyAuthenticator.builder()
        .credentials(Credentials.of("alice", password.toCharArray())).build();
  }

  @Test
  void reportsAWorkingRoute() throws Exception {
    try (TestProxy proxy = TestProxy.builder().user("alice", CANARY).digest("corp").build()) {
      PreflightReport report = Preflight.of(auth(CANARY), fixed(proxy.port())).check(target());

      assertThat(report.outcome()).isEqualTo(Outcome.OK);
      assertThat(report.scheme()).contains("digest");
      assertThat(report.steps()).extracting(PreflightReport.Step::name)
          .contains("route", "connect", "challenge", "scheme.digest", "authenticate");
      assertThat(report.toString()).contains("offered: digest").doesNotContain(CANARY);
    }
  }

  @Test
  void configuredListenerStillSeesTheEvents() throws Exception {
    try (TestProxy proxy = TestProxy.builder().user("alice", CANARY).basic("corp").build()) {
      RecordingListener listener = new RecordingListener();
      ProxyAuthenticator auth = ProxyAuthenticator.builder().listener(listener)
          .credentials(Credentials.of("alice", CANARY.toCharArray())).build();

      Preflight.of(auth, fixed(proxy.port())).check(target());

      assertThat(listener.types()).contains(AuthEvent.Type.CHALLENGED, AuthEvent.Type.SUCCEEDED);
    }
  }

  @Test
  void reportsRejectedCredentialsWithTheirSource() throws Exception {
    try (TestProxy proxy = TestProxy.builder().user("alice", "other").basic("corp").build()) {
      ProxyAuthenticator auth = ProxyAuthenticator.builder().credentials(
          Credentials.of("alice", CANARY.toCharArray()).withSource("HTTPS_PROXY")).build();

      PreflightReport report = Preflight.of(auth, fixed(proxy.port())).check(target());

      assertThat(report.outcome()).isEqualTo(Outcome.AUTHENTICATION_FAILED);
      assertThat(report.outcome().exitCode()).isEqualTo(4);
      assertThat(report.toString()).contains("HTTPS_PROXY").doesNotContain(CANARY);
    }
  }

  @Test
  void reportsNoUsableSchemeWithoutCredentials() throws Exception {
    try (TestProxy proxy = TestProxy.builder().user("alice", CANARY).basic("corp").build()) {
      PreflightReport report = Preflight.of(ProxyAuthenticator.builder().build(),
          fixed(proxy.port())).check(target());

      assertThat(report.outcome()).isEqualTo(Outcome.NO_USABLE_SCHEME);
      assertThat(report.toString()).contains("no credentials");
    }
  }

  @Test
  void reportsAnUnreachableProxy() throws Exception {
    int port;
    try (TestProxy proxy = TestProxy.builder().build()) {
      port = proxy.port();
    }
    PreflightReport report = Preflight.of(auth(CANARY), fixed(port))
        .withTimeout(Duration.ofSeconds(2)).check(target());

    assertThat(report.outcome()).isEqualTo(Outcome.PROXY_UNREACHABLE);
    assertThat(report.steps()).anySatisfy(s -> {
      assertThat(s.status()).isEqualTo(Status.FAIL);
      assertThat(s.fix()).isPresent();
    });
  }

  @Test
  void explainsTheRouteAndUsesCredentialsFromTheProxyUrl() throws Exception {
    try (TestProxy proxy = TestProxy.builder().user("alice", CANARY).basic("corp").build()) {
      java.util.Map<String, String> env = java.util.Map.of("https_proxy",
          "http://alice:" + CANARY + "@127.0.0.1:" + proxy.port());
      ProxyDiscovery discovery = ProxyDiscovery.builder().environment(env::get)
          .systemProperties(name -> null).build();
      ProxyAuthenticator auth = ProxyAuthenticator.builder().credentials(discovery.credentials())
          .build();

      PreflightReport report = Preflight.of(auth, discovery).check(target());

      assertThat(report.ok()).isTrue();
      assertThat(report.steps().get(0).detail()).contains("https_proxy");
      assertThat(report.toString()).doesNotContain(CANARY);
    }
  }

  @Test
  void directRouteNeedsNoCheck() {
    ProxySelector direct = new ProxySelector() {
      @Override
      public List<Proxy> select(URI uri) {
        return List.of(Proxy.NO_PROXY);
      }

      @Override
      public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {}
    };

    PreflightReport report = Preflight.of(auth(CANARY), direct).check(target());

    assertThat(report.ok()).isTrue();
    assertThat(report.steps()).hasSize(1);
  }

  @Test
  void warnsThatBasicIsDisabledForTunnelsInThisJvm() throws Exception {
    try (TestProxy proxy = TestProxy.builder().user("alice", CANARY).basic("corp").build()) {
      PreflightReport report = Preflight.of(auth(CANARY), fixed(proxy.port())).check(target());

      assertThat(report.ok()).isTrue();
      assertThat(report.steps()).anySatisfy(s -> {
        assertThat(s.name()).isEqualTo("jvm");
        assertThat(s.detail()).contains("Basic is disabled for HTTPS tunnels");
      });
    }
  }
}
