package io.github.proxyauth.jdkhttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.proxyauth.ProxyAuthException;
import io.github.proxyauth.testkit.RecordedRequest;
import io.github.proxyauth.testkit.RecordedRequest.Auth;
import io.github.proxyauth.testkit.TestProxy;
import java.net.http.HttpResponse;
import java.util.List;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Negotiate (Kerberos) through the relay against a real embedded KDC: one token per upstream
 * connection to a proxy that keeps it authenticated (Squid), a token per request after a proxy's
 * 407 on an authenticated connection says it does not.
 */
class NegotiateRelayTest {
  static final int REQUESTS = 20;
  @RegisterExtension static final NegotiateKdc KDC = new NegotiateKdc();

  @ParameterizedTest(name = "https={0}")
  @ValueSource(booleans = {false, true})
  void authenticatesWithKerberosTicket(boolean https) throws Exception {
    try (TestProxy proxy = KDC.proxy().build();
        MockWebServer origin = Fixtures.origin(https, false);
        ProxyAuthHttpClient client = KDC.client(proxy, Fixtures.PASSWORD)) {
      HttpResponse<String> response = client.send(
          SchemeMatrixTest.get(Fixtures.url(origin, https, "/k")),
          HttpResponse.BodyHandlers.ofString());

      assertThat(response.body()).isEqualTo("hello GET 0");
      assertThat(proxy.requests()).anySatisfy(r -> {
        assertThat(r.auth()).isEqualTo(RecordedRequest.Auth.ACCEPTED);
        assertThat(r.user().orElseThrow()).startsWith(Fixtures.USER);
      });
    }
  }

  @ParameterizedTest(name = "https={0}")
  @ValueSource(booleans = {false, true})
  void wrongKerberosPasswordThrowsDiagnosisWithoutPassword(boolean https) throws Exception {
    try (TestProxy proxy = KDC.proxy().build();
        MockWebServer origin = Fixtures.origin(https, false);
        ProxyAuthHttpClient client = KDC.client(proxy, Fixtures.WRONG)) {
      ProxyAuthException e = catchThrowableOfType(ProxyAuthException.class, () -> client.send(
          SchemeMatrixTest.get(Fixtures.url(origin, https, "/k")),
          HttpResponse.BodyHandlers.ofString()));

      assertThat(e).isNotNull();
      assertThat(e.diagnosis()).isPresent();
      assertThat(e.getMessage()).contains("negotiate").doesNotContain(Fixtures.WRONG);
      assertThat(origin.getRequestCount()).isZero();
    }
  }

  @Test
  void sendsOneTokenPerUpstreamConnection() throws Exception {
    try (TestProxy proxy = KDC.proxy().build();
        MockWebServer origin = Fixtures.origin(false, false);
        ProxyAuthHttpClient client = KDC.client(proxy, Fixtures.PASSWORD)) {
      sendAll(client, origin);

      List<RecordedRequest> seen = proxy.requests();
      assertThat(tokens(seen)).isEqualTo(proxy.connectionCount());
      assertThat(count(seen, Auth.MISSING)).isEqualTo(1); // the first request: nothing cached
      assertThat(count(seen, Auth.CONNECTION_AUTHENTICATED))
          .isEqualTo(REQUESTS - proxy.connectionCount());
    }
  }

  @Test
  void fallsBackToATokenPerRequestForAProxyThatDoesNotKeepTheConnection() throws Exception {
    try (TestProxy proxy = KDC.proxy().negotiatePerRequest().build();
        MockWebServer origin = Fixtures.origin(false, false);
        ProxyAuthHttpClient client = KDC.client(proxy, Fixtures.PASSWORD)) {
      sendAll(client, origin);

      List<RecordedRequest> seen = proxy.requests();
      assertThat(count(seen, Auth.MISSING)).isEqualTo(2); // the first, and the one that taught
      assertThat(count(seen, Auth.ACCEPTED)).isEqualTo(REQUESTS);
      assertThat(count(seen, Auth.CONNECTION_AUTHENTICATED)).isZero();
    }
  }

  private static void sendAll(ProxyAuthHttpClient client, MockWebServer origin) throws Exception {
    for (int i = 0; i < REQUESTS; i++) {
      HttpResponse<String> response = client.send(
          SchemeMatrixTest.get(Fixtures.url(origin, false, "/n" + i)),
          HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
    }
  }

  private static long tokens(List<RecordedRequest> seen) {
    return seen.stream().filter(r -> r.header("Proxy-Authorization").isPresent()).count();
  }

  private static long count(List<RecordedRequest> seen, Auth auth) {
    return seen.stream().filter(r -> r.auth() == auth).count();
  }
}
