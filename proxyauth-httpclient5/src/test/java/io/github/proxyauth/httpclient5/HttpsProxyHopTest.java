package io.github.proxyauth.httpclient5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.proxyauth.ProxyAuthenticator;
import io.github.proxyauth.discovery.ProxyDiscovery;
import io.github.proxyauth.testkit.RecordedRequest;
import io.github.proxyauth.testkit.TestProxy;
import java.io.IOException;
import java.net.ProxySelector;
import mockwebserver3.MockWebServer;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.io.CloseMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A {@link ProxySelector} for HttpClient 5 ({@code configure(builder, engine, selector)}): plain
 * proxies authenticate as with a fixed proxy, and an https proxy ({@code HttpsProxy}, from a
 * discovery with {@code tlsProxies(true)}) is refused before HttpClient connects, instead of
 * being spoken to in clear as HttpClient's {@code SystemDefaultRoutePlanner} does (it drops the
 * mark). The https proxy here is a plain test kit proxy, so anything sent in clear would show.
 */
class HttpsProxyHopTest {

  @ParameterizedTest(name = "{0} https origin={1}")
  @CsvSource({"CLASSIC,false", "CLASSIC,true", "ASYNC,false", "ASYNC,true"})
  void httpsProxyFromTheSelectorIsRefusedBeforeConnecting(Mode mode, boolean https)
      throws Exception {
    try (TestProxy proxy = Scheme.BASIC.proxy(); MockWebServer origin = Fixtures.origin(https)) {
      ProxyDiscovery discovery = ProxyDiscovery.builder()
          .proxy("https://localhost:" + proxy.port()).tlsProxies(true).build();

      Throwable thrown = catchThrowable(() -> get(mode, discovery, Fixtures.url(origin, "/x")));

      assertThat(rootOf(thrown)).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("HTTPS @ localhost:" + proxy.port())
          .hasMessageContaining("ProxyAuthHttpClient").hasMessageContaining("LocalProxy")
          .hasMessageContaining("proxyauth serve");
      assertThat(proxy.connectionCount()).isZero();
      assertThat(origin.getRequestCount()).isZero();
    }
  }

  @ParameterizedTest(name = "{0} https origin={1}")
  @CsvSource({"CLASSIC,false", "CLASSIC,true", "ASYNC,false", "ASYNC,true"})
  void plainProxyFromTheSelectorAuthenticates(Mode mode, boolean https) throws Exception {
    try (TestProxy proxy = Scheme.BASIC.proxy(); MockWebServer origin = Fixtures.origin(https)) {
      ProxyDiscovery discovery = ProxyDiscovery.builder()
          .proxy("http://localhost:" + proxy.port()).build();

      assertThat(get(mode, discovery, Fixtures.url(origin, "/x"))).isEqualTo("200 hello /x");
      assertThat(proxy.requests()).anyMatch(r -> r.auth() == RecordedRequest.Auth.ACCEPTED);
    }
  }

  private static String get(Mode mode, ProxySelector selector, String url) throws IOException {
    ProxyAuthenticator engine = Scheme.BASIC.engine(Scheme.PASSWORD).build();
    if (mode == Mode.CLASSIC) {
      CloseableHttpClient client = ProxyAuthHttpClient5.configure(Fixtures.classic(4), engine,
          selector).build();
      try {
        return Fixtures.get(client, url);
      } finally {
        client.close(CloseMode.GRACEFUL);
      }
    }
    CloseableHttpAsyncClient client = ProxyAuthHttpClient5.configure(Fixtures.async(4), engine,
        selector).build();
    client.start();
    try {
      return Fixtures.get(client, url);
    } finally {
      client.close(CloseMode.GRACEFUL);
    }
  }

  private static Throwable rootOf(Throwable thrown) {
    Throwable t = thrown;
    while (t != null && !(t instanceof IllegalStateException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
