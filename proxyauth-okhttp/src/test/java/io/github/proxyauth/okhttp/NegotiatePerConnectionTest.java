package io.github.proxyauth.okhttp;

import static io.github.proxyauth.okhttp.Calls.get;
import static io.github.proxyauth.okhttp.ProxyScheme.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyauth.testkit.RecordedRequest;
import io.github.proxyauth.testkit.RecordedRequest.Auth;
import io.github.proxyauth.testkit.TestProxy;
import java.util.List;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Negotiate is connection-bound where the proxy keeps the connection authenticated (Squid): one
 * Kerberos token per connection, not per request; a proxy that challenges an authenticated
 * connection gets a token with every request from then on. Real OkHttp, TestProxy, Kerby KDC.
 */
class NegotiatePerConnectionTest {
  static final int REQUESTS = 20;
  static Kerberos kerberos;

  @BeforeAll
  static void startKdc() throws Exception {
    kerberos = Kerberos.start();
  }

  @AfterAll
  static void stopKdc() throws Exception {
    kerberos.close();
  }

  @Test
  void sendsOneTokenPerConnectionToAProxyThatKeepsItAuthenticated() throws Exception {
    try (TestProxy proxy = ProxyScheme.NEGOTIATE.proxy(); Origin origin = Origin.http()) {
      OkHttpClient client = Calls.client(ProxyScheme.NEGOTIATE.engine(PASSWORD).build(), proxy);

      for (int i = 1; i <= REQUESTS; i++) {
        assertThat(get(client, origin.url("/" + i))).isEqualTo("200 hello from /" + i);
      }

      List<RecordedRequest> seen = proxy.requests();
      assertThat(proxy.connectionCount()).isEqualTo(1);
      assertThat(tokens(seen)).isEqualTo(proxy.connectionCount());
      assertThat(count(seen, Auth.MISSING)).isEqualTo(1); // the very first request, no cache yet
      assertThat(count(seen, Auth.CONNECTION_AUTHENTICATED)).isEqualTo(REQUESTS - 1);
    }
  }

  @Test
  void fallsBackToATokenPerRequestWhenTheProxyChallengesAnAuthenticatedConnection()
      throws Exception {
    try (TestProxy proxy = ProxyScheme.NEGOTIATE.require(TestProxy.builder()
            .user(ProxyScheme.USER, PASSWORD)).negotiatePerRequest().build();
        Origin origin = Origin.http()) {
      OkHttpClient client = Calls.client(ProxyScheme.NEGOTIATE.engine(PASSWORD).build(), proxy);

      for (int i = 1; i <= REQUESTS; i++) {
        assertThat(get(client, origin.url("/" + i))).isEqualTo("200 hello from /" + i);
      }

      List<RecordedRequest> seen = proxy.requests();
      // 407s: the first request (nothing cached) and the second, header-less on the connection
      // the first authenticated; from then on every request carries its token.
      assertThat(count(seen, Auth.MISSING)).isEqualTo(2);
      assertThat(count(seen, Auth.ACCEPTED)).isEqualTo(REQUESTS);
      assertThat(seen.subList(4, seen.size()))
          .allMatch(r -> r.header("Proxy-Authorization").isPresent());
    }
  }

  private static long tokens(List<RecordedRequest> seen) {
    return seen.stream().filter(r -> r.header("Proxy-Authorization").isPresent()).count();
  }

  private static long count(List<RecordedRequest> seen, Auth auth) {
    return seen.stream().filter(r -> r.auth() == auth).count();
  }
}
