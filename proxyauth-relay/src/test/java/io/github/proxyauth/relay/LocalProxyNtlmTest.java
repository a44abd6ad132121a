package io.github.proxyauth.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyauth.AuthScheme;
import io.github.proxyauth.Credentials;
import io.github.proxyauth.ProxyAuthenticator;
import io.github.proxyauth.testkit.RecordedRequest;
import io.github.proxyauth.testkit.TestProxy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.stream.Collectors;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * NTLM through {@link LocalProxy} against the test kit proxy: the connection-bound handshake is
 * done once per upstream connection, never per request, counted on the proxy's side.
 */
class LocalProxyNtlmTest {
  static final String PASSWORD = "canary-ntlm-Pw-3390";
  TestProxy upstream;
  MockWebServer origin;
  LocalProxy proxy;
  final BlockingQueue<AccessLogEntry> entries = new LinkedBlockingQueue<>();

  @BeforeEach
  void start() throws Exception {
    upstream = TestProxy.builder().user("alice", PASSWORD).ntlm("CORP").build();
    origin = new MockWebServer();
    origin.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(mockwebserver3.RecordedRequest request) {
        return new MockResponse.Builder().body("hello " + request.getTarget()).build();
      }
    });
    origin.start(InetAddress.getByName("127.0.0.1"), 0);
    proxy = LocalProxy.builder(ProxyAuthenticator.builder()
            .credentials(Credentials.of("CORP\\alice", PASSWORD.toCharArray()))
            .schemes(AuthScheme.ntlm()).build())
        .listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
        .upstream(ProxySelector.of(upstream.address())).accessLog(entries::add).build();
  }

  @AfterEach
  void stop() {
    proxy.close();
    upstream.close();
    origin.close();
  }

  @Test
  void twentySequentialPlainRequestsCostOneHandshakeOnOnePooledUpstreamConnection()
      throws Exception {
    HttpClient client = HttpClient.newBuilder().proxy(ProxySelector.of(proxy.address()))
        .connectTimeout(Duration.ofSeconds(10)).build();

    for (int i = 0; i < 20; i++) {
      URI uri = URI.create("http://127.0.0.1:" + origin.getPort() + "/r" + i);
      HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri)
          .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("hello /r" + i);
    }

    List<RecordedRequest> requests = upstream.requests();
    assertThat(handshakesPerConnection(requests)).as("%s", requests)
        .containsExactly(Map.entry(requests.get(0).connectionId(), 1L));
    assertThat(requests).filteredOn(r -> r.auth() == RecordedRequest.Auth.CONNECTION_AUTHENTICATED)
        .hasSize(19);
    assertThat(entries).hasSize(20).allMatch(e -> e.scheme().equals(Optional.of("ntlm")));
  }

  @Test
  void eachTunnelCostsOneHandshakeOnItsOwnConnection() throws Exception {
    for (int i = 0; i < 3; i++) {
      try (java.net.Socket socket = Wire.connect(proxy.address())) {
        Wire.send(socket, "CONNECT 127.0.0.1:" + origin.getPort() + " HTTP/1.1\r\nHost: 127.0.0.1:"
            + origin.getPort() + "\r\n\r\n");
        assertThat(Wire.head(socket.getInputStream())).startsWith("HTTP/1.1 200");
        Wire.send(socket, "GET /t" + i + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        assertThat(Wire.response(socket.getInputStream())).endsWith("hello /t" + i);
      }
    }

    Map<Long, Long> handshakes = handshakesPerConnection(upstream.requests());
    assertThat(handshakes).hasSize(3).allSatisfy((connection, count) ->
        assertThat(count).isEqualTo(1L));
    assertThat(upstream.requests()).filteredOn(RecordedRequest::isConnect)
        .filteredOn(r -> r.auth() == RecordedRequest.Auth.MISSING).hasSizeLessThanOrEqualTo(3);
  }

  /** Returns, per upstream connection, how many NTLM handshakes the proxy accepted on it. */
  static Map<Long, Long> handshakesPerConnection(List<RecordedRequest> requests) {
    return requests.stream().filter(r -> r.auth() == RecordedRequest.Auth.ACCEPTED)
        .collect(Collectors.groupingBy(RecordedRequest::connectionId, Collectors.counting()));
  }
}
