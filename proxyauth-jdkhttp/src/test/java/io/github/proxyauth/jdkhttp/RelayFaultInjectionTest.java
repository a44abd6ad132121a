package io.github.proxyauth.jdkhttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.proxyauth.Diagnosis.Reason;
import io.github.proxyauth.ProxyAuthException;
import io.github.proxyauth.testkit.Fault;
import io.github.proxyauth.testkit.TestProxy;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Hostile and broken proxies behind {@link ProxyAuthHttpClient}: each fault ends in bounded time
 * (the class timeout) with the documented exception and diagnosis, and leaves no relay thread,
 * proxy thread or socket behind.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RelayFaultInjectionTest {

  @ParameterizedTest(name = "{0} with {1}")
  @CsvSource({
      "CLOSE_MID_HANDSHAKE, ntlm, PROTOCOL_ERROR",
      "CLOSE_ON_407, ntlm, PROTOCOL_ERROR",
      "PROXY_CONNECTION_CLOSE_ON_407, ntlm, PROTOCOL_ERROR",
      "ENDLESS_407, basic, CREDENTIALS_REJECTED",
      "ENDLESS_407, digest, CREDENTIALS_REJECTED",
      "ENDLESS_407, ntlm, CREDENTIALS_REJECTED"})
  void faultEndsWithADiagnosedProxyAuthException(Fault fault, String scheme, Reason reason)
      throws Exception {
    Leaks before = Leaks.now();
    try (TestProxy proxy = faulty(scheme, fault); MockWebServer origin = Fixtures.origin(true,
        false); ProxyAuthHttpClient client = Fixtures.client(proxy,
            Fixtures.authenticator(scheme, Fixtures.PASSWORD), HttpClient.Version.HTTP_1_1)) {
      Throwable thrown = catchThrowable(() -> client.send(get(Fixtures.url(origin, true, "/")),
          HttpResponse.BodyHandlers.ofString()));

      assertThat(thrown).isInstanceOf(ProxyAuthException.class);
      assertThat(((ProxyAuthException) thrown).diagnosis().orElseThrow().reason())
          .isEqualTo(reason);
      assertThat(thrown.getMessage()).doesNotContain(Fixtures.PASSWORD).contains("fix:");
      assertThat(origin.getRequestCount()).isZero();
    }
    Leaks.assertNoneLeakedSince(before);
  }

  /**
   * Issue 16, item 4: a proxy that closes the connection instead of answering the NTLM Type 3 used
   * to be reported as TOO_MANY_ATTEMPTS ("answered 407 to 6 authenticated attempts").
   */
  @ParameterizedTest(name = "https={0}")
  @org.junit.jupiter.params.provider.ValueSource(booleans = {true, false})
  void aProxyClosingAfterTheType3IsNamedAsSuchNotTooManyAttempts(boolean https) throws Exception {
    Leaks before = Leaks.now();
    try (TestProxy proxy = faulty("ntlm", Fault.CLOSE_AFTER_CREDENTIALS);
        MockWebServer origin = Fixtures.origin(https, false);
        ProxyAuthHttpClient client = Fixtures.client(proxy,
            Fixtures.authenticator("ntlm", Fixtures.PASSWORD), HttpClient.Version.HTTP_1_1)) {
      Throwable thrown = catchThrowable(() -> client.send(get(Fixtures.url(origin, https, "/")),
          HttpResponse.BodyHandlers.ofString()));

      assertThat(thrown).isInstanceOf(ProxyAuthException.class);
      Reason reason = ((ProxyAuthException) thrown).diagnosis().orElseThrow().reason();
      assertThat(reason).isEqualTo(Reason.PROTOCOL_ERROR).isNotEqualTo(Reason.TOO_MANY_ATTEMPTS);
      assertThat(thrown.getMessage()).contains("closed the connection after leg 2 of the ntlm"
          + " handshake").doesNotContain(Fixtures.PASSWORD);
      assertThat(proxy.requestCount()).isLessThanOrEqualTo(10); // 3 rounds of Type 1 + Type 3
      assertThat(origin.getRequestCount()).isZero();
      System.out.printf("proxyauth close-after-type3 https=%s: %d proxy requests, %d connections%n",
          https, proxy.requestCount(), proxy.connectionCount());
    }
    Leaks.assertNoneLeakedSince(before);
  }

  @Test
  void aChallengeOverTheLineLimitIsABadGatewayNamingTheLimit() throws Exception {
    Leaks before = Leaks.now();
    try (TestProxy proxy = faulty("basic", Fault.HUGE_CHALLENGE); MockWebServer origin =
        Fixtures.origin(false, false); ProxyAuthHttpClient client = Fixtures.client(proxy,
            Fixtures.authenticator("basic", Fixtures.PASSWORD), HttpClient.Version.HTTP_1_1)) {
      HttpResponse<String> response = client.send(get(Fixtures.url(origin, false, "/")),
          HttpResponse.BodyHandlers.ofString());

      assertThat(response.statusCode()).isEqualTo(502);
      assertThat(response.headers().firstValue("Proxy-Relay-Error").orElseThrow())
          .contains("at most " + 80 * 1024 + " bytes"); // the HTTP layer's line limit
      assertThat(origin.getRequestCount()).isZero();
    }
    Leaks.assertNoneLeakedSince(before);
  }

  @ParameterizedTest
  @CsvSource({"CLOSE_ON_407, basic", "CLOSE_ON_407, digest",
      "MALFORMED_CHALLENGE, digest", "CHUNKED_407_BODY, ntlm", "CLOSE_DELIMITED_407_BODY, basic"})
  void survivableFaultStillAuthenticates(Fault fault, String scheme) throws Exception {
    Leaks before = Leaks.now();
    try (TestProxy proxy = faulty(scheme, fault); MockWebServer origin = Fixtures.origin(true,
        false); ProxyAuthHttpClient client = Fixtures.client(proxy,
            Fixtures.authenticator(scheme, Fixtures.PASSWORD), HttpClient.Version.HTTP_1_1)) {
      HttpResponse<String> response = client.send(get(Fixtures.url(origin, true, "/")),
          HttpResponse.BodyHandlers.ofString());

      assertThat(response.statusCode()).isEqualTo(200);
    }
    Leaks.assertNoneLeakedSince(before);
  }

  @Test
  void stalledProxyHonoursTheClientTimeout() throws Exception {
    Leaks before = Leaks.now();
    try (TestProxy proxy = TestProxy.builder().user(Fixtures.USER, Fixtures.PASSWORD)
        .basic("corp").replyDelay(Duration.ofSeconds(5)).build();
        MockWebServer origin = Fixtures.origin(false, false);
        ProxyAuthHttpClient client = Fixtures.client(proxy,
            Fixtures.authenticator("basic", Fixtures.PASSWORD), HttpClient.Version.HTTP_1_1)) {
      HttpRequest request = HttpRequest.newBuilder(Fixtures.url(origin, false, "/"))
          .timeout(Duration.ofMillis(500)).build();

      Throwable thrown = catchThrowable(() -> client.send(request,
          HttpResponse.BodyHandlers.ofString()));

      assertThat(thrown).isInstanceOf(HttpTimeoutException.class);
    }
    Leaks.assertNoneLeakedSince(before);
  }

  @Test
  void refusedConnectionsEndInAnIoException() throws Exception {
    Leaks before = Leaks.now();
    try (TestProxy proxy = faulty("basic", Fault.REFUSE_CONNECTIONS);
        MockWebServer origin = Fixtures.origin(true, false);
        ProxyAuthHttpClient client = Fixtures.client(proxy,
            Fixtures.authenticator("basic", Fixtures.PASSWORD), HttpClient.Version.HTTP_1_1)) {
      Throwable thrown = catchThrowable(() -> client.send(get(Fixtures.url(origin, true, "/")),
          HttpResponse.BodyHandlers.ofString()));

      // The relay reached the proxy, which closed before answering: the relay's 502 to the
      // CONNECT, as the JDK reports it; not a ProxyAuthException, not a connect failure.
      assertThat(thrown).isExactlyInstanceOf(IOException.class)
          .hasMessage("Tunnel failed, got: 502");
      assertThat(proxy.requestCount()).isZero();
    }
    Leaks.assertNoneLeakedSince(before);
  }

  /** A proxy that accepts the CONNECT, then resets the tunnel (RST) before the TLS handshake. */
  @Test
  void resetTunnelEndsInAnIoException() throws Exception {
    Leaks before = Leaks.now();
    try (ServerSocket resetting = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        ProxyAuthHttpClient client = ProxyAuthHttpClient.wrap(HttpClient.newBuilder()
            .sslContext(Fixtures.CLIENT_TLS), Fixtures.authenticator("basic", Fixtures.PASSWORD),
            ProxySelector.of((InetSocketAddress) resetting.getLocalSocketAddress()))) {
      Thread acceptor = new Thread(() -> acceptAndReset(resetting), "reset-proxy");
      acceptor.start();

      // Observed: the client only gets out through its own timeout (HttpConnectTimeoutException),
      // see ROBUSTNESS.md "open questions"; the short timeout keeps the suite fast meanwhile.
      Throwable thrown = catchThrowable(() -> client.send(HttpRequest.newBuilder(URI.create(
          "https://origin.example:443/")).timeout(Duration.ofSeconds(3)).build(),
          HttpResponse.BodyHandlers.ofString()));

      assertThat(thrown).isExactlyInstanceOf(java.net.http.HttpConnectTimeoutException.class)
          .hasMessage("HTTP connect timed out");
      resetting.close();
      acceptor.join(5_000);
    }
    Leaks.assertNoneLeakedSince(before);
  }

  static void acceptAndReset(ServerSocket server) {
    try (Socket socket = server.accept()) {
      socket.setSoTimeout(5_000);
      for (int last4 = 0; last4 != 0x0d0a0d0a; ) {
        int b = socket.getInputStream().read();
        if (b < 0) {
          return;
        }
        last4 = (last4 << 8) | b;
      }
      socket.getOutputStream().write("HTTP/1.1 200 Connection established\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      socket.setSoLinger(true, 0); // close sends RST
    } catch (IOException e) {
      // the test's assertions are on the client side
    }
  }

  static TestProxy faulty(String scheme, Fault fault) throws IOException {
    TestProxy proxy = Fixtures.proxy(scheme);
    proxy.injectFaults(fault);
    return proxy;
  }

  static HttpRequest get(URI uri) {
    return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).build();
  }
}
