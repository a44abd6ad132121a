package io.github.proxyauth.jdkhttp;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyauth.testkit.TestProxy;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.SocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A fail-over list such as a PAC file's {@code PROXY dead:1; PROXY live:2; DIRECT}: the wrapper
 * goes on to the next proxy (and to DIRECT) instead of answering 502 for the dead first one.
 */
class PacFailoverTest {

  @ParameterizedTest(name = "https={0}")
  @ValueSource(booleans = {false, true})
  void aDeadFirstProxyFailsOverToTheNextOne(boolean https) throws Exception {
    List<String> failed = new CopyOnWriteArrayList<>();
    try (TestProxy live = Fixtures.proxy("basic"); MockWebServer origin = Fixtures.origin(https,
        false)) {
      int dead = deadPort();
      ProxySelector pac = selector(List.of(http(dead), http(live.port())), failed);
      try (ProxyAuthHttpClient client = ProxyAuthHttpClient.wrap(HttpClient.newBuilder()
          .sslContext(Fixtures.CLIENT_TLS).connectTimeout(Duration.ofSeconds(10)),
          Fixtures.authenticator("basic", Fixtures.PASSWORD), pac)) {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(
            Fixtures.url(origin, https, "/failover")).timeout(Duration.ofSeconds(20)).build(),
            HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(live.requestCount()).isPositive();
        assertThat(failed).anyMatch(f -> f.endsWith(":" + dead));
      }
    }
  }

  @ParameterizedTest(name = "https={0}")
  @ValueSource(booleans = {false, true})
  void aDeadOnlyProxyFailsOverToDirect(boolean https) throws Exception {
    try (MockWebServer origin = Fixtures.origin(https, false)) {
      ProxySelector pac = selector(List.of(http(deadPort()), Proxy.NO_PROXY),
          new CopyOnWriteArrayList<>());
      try (ProxyAuthHttpClient client = ProxyAuthHttpClient.wrap(HttpClient.newBuilder()
          .sslContext(Fixtures.CLIENT_TLS).connectTimeout(Duration.ofSeconds(10)),
          Fixtures.authenticator("basic", Fixtures.PASSWORD), pac)) {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(
            Fixtures.url(origin, https, "/direct")).timeout(Duration.ofSeconds(20)).build(),
            HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(origin.takeRequest().getTarget()).isEqualTo("/direct");
      }
    }
  }

  private static int deadPort() throws IOException {
    try (ServerSocket closed = new ServerSocket(0)) {
      return closed.getLocalPort();
    }
  }

  private static Proxy http(int port) {
    return new Proxy(Proxy.Type.HTTP, new InetSocketAddress("127.0.0.1", port));
  }

  private static ProxySelector selector(List<Proxy> route, List<String> failed) {
    return new ProxySelector() {
      @Override
      public List<Proxy> select(URI uri) {
        return route;
      }

      @Override
      public void connectFailed(URI uri, SocketAddress address, IOException e) {
        failed.add(String.valueOf(address));
      }
    };
  }
}
