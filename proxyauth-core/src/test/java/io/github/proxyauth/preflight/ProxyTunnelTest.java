package io.github.proxyauth.preflight;

import io.github.proxyauth.internal.http.HeadReader;
import io.github.proxyauth.internal.http.HttpProtocolException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.proxyauth.AuthScheme;
import io.github.proxyauth.Credentials;
import io.github.proxyauth.Diagnosis.Reason;
import io.github.proxyauth.ProxyAuthException;
import io.github.proxyauth.ProxyAuthenticator;
import io.github.proxyauth.ProxyAuthenticatorTest;
import io.github.proxyauth.testkit.Fault;
import io.github.proxyauth.testkit.TestProxy;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ProxyTunnelTest {
  static final String CANARY = "canary-tunnel-Secret-41";

  EchoServer echo;

  @BeforeEach
  void startEcho() throws IOException {
    echo = new EchoServer();
  }

  @AfterEach
  void stopEcho() throws Exception {
    echo.close();
  }

  ProxyAuthenticator authenticator(String password) {
    return ProxyAuthenticator.builder().schemes(AuthScheme.digest(), AuthScheme.basic())
        .credentials(Credentials.of("alice", password.toCharArray())).build();
  }

  @Test
  void opensAuthenticatedTunnelAndPipesBytes() throws Exception {
    try (TestProxy proxy = TestProxy.builder().user("alice", CANARY).digest("corp").build()) {
      ProxyTunnel tunnel = ProxyTunnel.of(authenticator(CANARY), "127.0.0.1", proxy.port());

      try (Socket socket = tunnel.connect("127.0.0.1", echo.port())) {
        assertThat(roundTrip(socket, "ping")).isEqualTo("ping");
      }
      assertThat(proxy.requestCount()).isEqualTo(2);
      assertThat(proxy.connectionCount()).isEqualTo(1);
    }
  }

  @Test
  void secondTunnelAuthenticatesPreemptively() throws Exception {
    try (TestProxy proxy = TestProxy.builder().user("alice", CANARY).basic("corp").build()) {
      ProxyTunnel tunnel = ProxyTunnel.of(authenticator(CANARY), "127.0.0.1", proxy.port());
      tunnel.connect("127.0.0.1", echo.port()).close();

      try (Socket socket = tunnel.connect("127.0.0.1", echo.port())) {
        assertThat(roundTrip(socket, "pong")).isEqualTo("pong");
      }
      assertThat(proxy.requestCount()).isEqualTo(3);
    }
  }

  @Test
  void reconnectsWhenProxyClosesAfter407() throws Exception {
    try (TestProxy proxy = TestProxy.builder().user("alice", CANARY).basic("corp")
        .fault(Fault.CLOSE_ON_407).build()) {
      ProxyTunnel tunnel = ProxyTunnel.of(authenticator(CANARY), "127.0.0.1", proxy.port());

      try (Socket socket = tunnel.connect("127.0.0.1", echo.port())) {
        assertThat(roundTrip(socket, "x")).isEqualTo("x");
      }
      assertThat(proxy.connectionCount()).isEqualTo(2);
    }
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.EnumSource(value = Fault.class, names = {"CHUNKED_407_BODY",
      "CLOSE_DELIMITED_407_BODY", "PROXY_CONNECTION_CLOSE_ON_407", "MALFORMED_CHALLENGE"})
  void survivesAwkward407s(Fault fault) throws Exception {
    try (TestProxy proxy = TestProxy.builder().user("alice", CANARY).digest("corp").fault(fault)
        .build()) {
      ProxyTunnel tunnel = ProxyTunnel.of(authenticator(CANARY), "127.0.0.1", proxy.port());

      try (Socket socket = tunnel.connect("127.0.0.1", echo.port())) {
        assertThat(roundTrip(socket, "ok")).isEqualTo("ok");
      }
    }
  }

  @Test
  void hugeChallengeIsRefusedWithAClearError() throws Exception {
    try (TestProxy proxy = TestProxy.builder().user("alice", CANARY).basic("corp")
        .fault(Fault.HUGE_CHALLENGE).build()) {
      ProxyTunnel tunnel = ProxyTunnel.of(authenticator(CANARY), "127.0.0.1", proxy.port());

      assertThatThrownBy(() -> tunnel.connect("127.0.0.1", echo.port()))
          .isInstanceOfSatisfying(HttpProtocolException.class, e -> assertThat(e.violation())
              .isEqualTo(HttpProtocolException.Violation.LINE_TOO_LONG))
          .hasMessageContaining("at most " + HeadReader.MAX_LINE_BYTES + " bytes");
    }
  }

  @Test
  void wrongPasswordFailsWithDiagnosisAndNoSecret() throws Exception {
    try (TestProxy proxy = TestProxy.builder().user("alice", "right").basic("corp").build()) {
      ProxyTunnel tunnel = ProxyTunnel.of(authenticator(CANARY), "127.0.0.1", proxy.port());

      assertThatThrownBy(() -> tunnel.connect("127.0.0.1", echo.port()))
          .isInstanceOf(ProxyAuthException.class)
          .hasMessageContaining("alice")
          .hasMessageNotContaining(CANARY)
          .satisfies(e -> assertThat(ProxyAuthenticatorTest.reason(e))
              .isEqualTo(Reason.CREDENTIALS_REJECTED));
      assertThat(proxy.requestCount()).isEqualTo(2);
    }
  }

  @Test
  void endlessChallengesStopAtTheAttemptCap() throws Exception {
    try (TestProxy proxy = TestProxy.builder().user("alice", CANARY).digest("corp")
        .fault(Fault.ENDLESS_407).build()) {
      ProxyTunnel tunnel = ProxyTunnel.of(authenticator(CANARY), "127.0.0.1", proxy.port())
          .withTimeout(Duration.ofSeconds(5));

      assertThatThrownBy(() -> tunnel.connect("127.0.0.1", echo.port()))
          .isInstanceOf(ProxyAuthException.class);
      assertThat(proxy.requestCount()).isLessThanOrEqualTo(7);
    }
  }

  @Test
  void unreachableProxyIsAnIoException() throws Exception {
    int port;
    try (TestProxy proxy = TestProxy.builder().build()) {
      port = proxy.port();
    }
    ProxyTunnel tunnel = ProxyTunnel.of(authenticator(CANARY), "127.0.0.1", port)
        .withTimeout(Duration.ofSeconds(2));

    assertThatThrownBy(() -> tunnel.connect("127.0.0.1", echo.port()))
        .isInstanceOf(IOException.class)
        .isNotInstanceOf(ProxyAuthException.class);
  }

  static String roundTrip(Socket socket, String text) throws IOException {
    socket.setSoTimeout(5000);
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    socket.getOutputStream().write(bytes);
    socket.getOutputStream().flush();
    return new String(socket.getInputStream().readNBytes(bytes.length), StandardCharsets.UTF_8);
  }
}
