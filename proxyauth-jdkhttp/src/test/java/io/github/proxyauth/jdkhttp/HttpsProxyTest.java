package io.github.proxyauth.jdkhttp;

import static io.github.proxyauth.jdkhttp.Fixtures.CLIENT_TLS;
import static io.github.proxyauth.jdkhttp.Fixtures.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyauth.discovery.HttpsProxy;
import io.github.proxyauth.discovery.ProxyDiscovery;
import io.github.proxyauth.relay.ProxyRelay;
import io.github.proxyauth.testkit.RecordedRequest;
import io.github.proxyauth.testkit.TestProxy;
import io.github.proxyauth.testkit.TlsFront;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.net.ssl.HttpsURLConnection;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The relay speaks TLS to an https proxy (the test kit's proxy behind a {@link TlsFront}):
 * Basic and NTLM, http and https origins (TLS inside TLS), through ProxyAuthHttpClient and
 * HttpURLConnection.
 */
class HttpsProxyTest {

  @ParameterizedTest(name = "{0} https={1}")
  @CsvSource({"basic,false", "basic,true", "ntlm,false", "ntlm,true"})
  void authenticatesThroughTheHttpsProxy(String scheme, boolean https) throws Exception {
    try (TestProxy proxy = Fixtures.proxy(scheme);
        TlsFront front = Fixtures.tlsFront(Fixtures.SERVER, proxy);
        MockWebServer origin = Fixtures.origin(https, false);
        ProxyAuthHttpClient client = client(scheme, discovery(front))) {
      URI uri = Fixtures.url(origin, https, "/hello");

      HttpResponse<String> first = client.send(get(uri), HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> second = client.send(get(uri), HttpResponse.BodyHandlers.ofString());

      assertThat(first.statusCode()).isEqualTo(200);
      assertThat(first.body()).isEqualTo("hello GET 0");
      assertThat(second.body()).isEqualTo("hello GET 0");
      assertThat(proxy.requests()).anySatisfy(r -> {
        assertThat(r.auth()).isEqualTo(RecordedRequest.Auth.ACCEPTED);
        assertThat(r.user()).contains(Fixtures.USER);
      });
      assertThat(proxy.requests()).allSatisfy(r -> assertThat(r.isConnect()).isEqualTo(https));
      // Every proxy connection came through TLS, and both requests shared one (pooled or tunnel).
      assertThat(front.handshakes()).isEqualTo(proxy.connectionCount()).isEqualTo(1);
    }
  }

  @ParameterizedTest(name = "https={0}")
  @ValueSource(booleans = {false, true})
  void httpUrlConnectionUsesTheHttpsProxy(boolean https) throws Exception {
    try (TestProxy proxy = Fixtures.proxy("ntlm");
        TlsFront front = Fixtures.tlsFront(Fixtures.SERVER, proxy);
        MockWebServer origin = Fixtures.origin(https, false);
        ProxyRelay relay = ProxyRelay.builder(Fixtures.authenticator("ntlm", PASSWORD))
            .upstream(discovery(front)).proxyTls(CLIENT_TLS).allowWithoutSecret().build()) {
      URI uri = Fixtures.url(origin, https, "/legacy");
      HttpURLConnection connection = (HttpURLConnection) uri.toURL()
          .openConnection(relay.proxySelector().select(uri).get(0));
      if (connection instanceof HttpsURLConnection tls) {
        tls.setSSLSocketFactory(CLIENT_TLS.getSocketFactory());
      }
      connection.setConnectTimeout(10_000);
      connection.setReadTimeout(20_000);

      assertThat(connection.getResponseCode()).isEqualTo(200);
      assertThat(read(connection.getInputStream())).isEqualTo("hello GET 0");
      assertThat(front.handshakes()).isEqualTo(1);
      assertThat(proxy.requests()).anySatisfy(r ->
          assertThat(r.auth()).isEqualTo(RecordedRequest.Auth.ACCEPTED));
    }
  }

  @ParameterizedTest(name = "https={0}")
  @ValueSource(booleans = {false, true})
  void failedTlsFailsOverToTheRoutesNextProxy(boolean https) throws Exception {
    try (TestProxy proxy = Fixtures.proxy("basic");
        TlsFront untrusted = Fixtures.tlsFront(TlsFailureTest.SELF_SIGNED, proxy);
        MockWebServer origin = Fixtures.origin(https, false);
        ProxyAuthHttpClient client = client("basic", selector(
            HttpsProxy.of("127.0.0.1", untrusted.port()), proxy.proxy()))) {
      HttpResponse<String> response = client.send(get(Fixtures.url(origin, https, "/")),
          HttpResponse.BodyHandlers.ofString());

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(untrusted.handshakes()).isZero();
      assertThat(proxy.connectionCount()).isEqualTo(1); // the plain proxy, directly
    }
  }

  static ProxyAuthHttpClient client(String scheme, ProxySelector upstream) {
    return ProxyAuthHttpClient.wrap(HttpClient.newBuilder().sslContext(CLIENT_TLS),
        ProxyRelay.builder(Fixtures.authenticator(scheme, PASSWORD)).upstream(upstream)
            .proxyTls(CLIENT_TLS));
  }

  static ProxyDiscovery discovery(TlsFront front) {
    return ProxyDiscovery.builder().proxy("https://127.0.0.1:" + front.port())
        .tlsProxies(true).build();
  }

  /** Returns a selector that names {@code proxies} in order for every URI. */
  static ProxySelector selector(Proxy... proxies) {
    return new ProxySelector() {
      @Override
      public List<Proxy> select(URI uri) {
        return List.of(proxies);
      }

      @Override
      public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
        // The relay reports failures; nothing to remember in a test.
      }
    };
  }

  static HttpRequest get(URI uri) {
    return HttpRequest.newBuilder(uri).build();
  }

  private static String read(InputStream in) throws IOException {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
