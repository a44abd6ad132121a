package io.github.proxyauth.okhttp;

import static io.github.proxyauth.okhttp.ProxyScheme.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.proxyauth.ProxyAuthenticator;
import io.github.proxyauth.discovery.HttpsProxy;
import io.github.proxyauth.discovery.ProxyDiscovery;
import io.github.proxyauth.testkit.TestProxy;
import okhttp3.OkHttpClient;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * OkHttp cannot speak TLS to a proxy: handed an {@link HttpsProxy} (a selector built with
 * {@code tlsProxies(true)}, or one of the user's own) it would send its requests and the
 * credentials in clear to the proxy's TLS port. The adapter refuses such a hop before a byte goes
 * out. The https proxy here is a plain test kit proxy that the selector calls https, so that
 * anything sent in clear would show up in its records.
 */
class HttpsProxyHopTest {

  @ParameterizedTest(name = "https origin={0}")
  @ValueSource(booleans = {false, true})
  void oneCallSetUpRefusesAnHttpsProxyBeforeConnecting(boolean https) throws Exception {
    try (TestProxy proxy = ProxyScheme.BASIC.proxy(); Origin origin = origin(https)) {
      HttpsProxy hop = HttpsProxy.of("localhost", proxy.port());
      OkHttpClient client = Calls.client(engine(), hop);

      assertThatThrownBy(() -> Calls.get(client, origin.url("/")))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("HTTPS @ localhost:" + proxy.port())
          .hasMessageContaining("ProxyAuthHttpClient").hasMessageContaining("LocalProxy")
          .hasMessageContaining("proxyauth serve");
      assertThat(proxy.connectionCount()).isZero();
      assertThat(origin.seen).isEmpty();
    }
  }

  @ParameterizedTest(name = "https origin={0}")
  @ValueSource(booleans = {false, true})
  void discoveryWithTlsProxiesIsRefusedBeforeConnecting(boolean https) throws Exception {
    try (TestProxy proxy = ProxyScheme.BASIC.proxy(); Origin origin = origin(https)) {
      ProxyDiscovery discovery = ProxyDiscovery.builder()
          .proxy("https://localhost:" + proxy.port()).tlsProxies(true).build();
      OkHttpClient client = Calls.bounded(OkHttpProxyAuthenticator.configure(
          new OkHttpClient.Builder(), engine(), discovery));

      assertThatThrownBy(() -> Calls.get(client, origin.url("/")))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("HTTPS @ localhost:" + proxy.port());
      assertThat(proxy.connectionCount()).isZero();
    }
  }

  @ParameterizedTest(name = "https origin={0}")
  @ValueSource(booleans = {false, true})
  void handInstalledAuthenticatorRefusesAnHttpsProxyBeforeAnyRequest(boolean https)
      throws Exception {
    try (TestProxy proxy = ProxyScheme.BASIC.proxy(); Origin origin = origin(https)) {
      OkHttpProxyAuthenticator auth = OkHttpProxyAuthenticator.of(engine());
      OkHttpClient client = Calls.bounded(new OkHttpClient.Builder()
          .proxy(HttpsProxy.of("localhost", proxy.port())).proxyAuthenticator(auth)
          .addNetworkInterceptor(auth.networkInterceptor()));

      assertThatThrownBy(() -> Calls.get(client, origin.url("/")))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("HTTPS @ localhost:" + proxy.port());
      // OkHttp has opened its TCP connection by then; nothing was written on it.
      assertThat(proxy.requestCount()).isZero();
      assertThat(origin.seen).isEmpty();
    }
  }

  private static ProxyAuthenticator engine() {
    return ProxyScheme.BASIC.engine(PASSWORD).build();
  }

  private static Origin origin(boolean https) throws Exception {
    return https ? Origin.https() : Origin.http();
  }
}
