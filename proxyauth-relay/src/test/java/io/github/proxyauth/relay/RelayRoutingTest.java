package io.github.proxyauth.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyauth.AuthScheme;
import io.github.proxyauth.CredentialProvider;
import io.github.proxyauth.Credentials;
import io.github.proxyauth.ProxyAuthenticator;
import io.github.proxyauth.testkit.RecordedRequest;
import io.github.proxyauth.testkit.TestProxy;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One relay port, several routes: each request is routed through the upstream ProxySelector
 * (proxy A, proxy B, DIRECT), with failover down a route's list and connectFailed reports.
 */
class RelayRoutingTest {
  static final String PASSWORD_A = "canary-route-A-51";
  static final String PASSWORD_B = "canary-route-B-73";

  TestProxy proxyA;
  TestProxy proxyB;
  MockWebServer origin;
  int deadPort;
  final Map<Integer, List<Proxy>> routes = new ConcurrentHashMap<>();
  final List<String> failed = new CopyOnWriteArrayList<>();
  ProxyRelay relay;

  @BeforeEach
  void start() throws IOException {
    proxyA = TestProxy.builder().user("alice", PASSWORD_A).basic("a").build();
    proxyB = TestProxy.builder().user("bob", PASSWORD_B).digest("b").build();
    origin = new MockWebServer();
    origin.start();
    try (ServerSocket closed = new ServerSocket(0)) {
      deadPort = closed.getLocalPort(); // nothing listens here once closed
    }
    CredentialProvider credentials = CredentialProvider.firstOf(
        CredentialProvider.forProxy("127.0.0.1", proxyA.port(),
            Credentials.of("alice", PASSWORD_A.toCharArray())),
        CredentialProvider.forProxy("127.0.0.1", proxyB.port(),
            Credentials.of("bob", PASSWORD_B.toCharArray())));
    ProxyAuthenticator engine = ProxyAuthenticator.builder().credentials(credentials)
        .schemes(AuthScheme.digest(), AuthScheme.basic()).build();
    relay = ProxyRelay.builder(engine).upstream(new ProxySelector() {
      @Override
      public List<Proxy> select(URI uri) {
        return routes.getOrDefault(pathKey(uri), List.of(Proxy.NO_PROXY));
      }

      @Override
      public void connectFailed(URI uri, SocketAddress address, IOException e) {
        failed.add(uri.getPath() + " " + address);
      }
    }).build();
  }

  @AfterEach
  void stop() throws IOException {
    relay.close();
    proxyA.close();
    proxyB.close();
    origin.close();
  }

  @Test
  void onePortServesEveryUpstreamAndDirectGoesAroundIt() {
    routes.put(1, List.of(http(proxyA.port())));
    routes.put(2, List.of(http(proxyB.port())));
    ProxySelector selector = relay.proxySelector();

    List<Proxy> viaA = selector.select(URI.create("http://127.0.0.1/1"));
    List<Proxy> viaB = selector.select(URI.create("http://127.0.0.1/2"));

    assertThat(viaA).hasSize(1).isEqualTo(viaB);
    assertThat(((InetSocketAddress) viaA.get(0).address()).getAddress().isLoopbackAddress())
        .isTrue();
    assertThat(selector.select(URI.create("http://127.0.0.1/3"))).containsExactly(Proxy.NO_PROXY);
  }

  @Test
  void eachForwardedRequestTakesItsOwnRoute() throws Exception {
    routes.put(1, List.of(http(proxyA.port())));
    routes.put(2, List.of(http(proxyB.port())));
    routes.put(3, List.of(Proxy.NO_PROXY));

    try (Socket client = relayClient()) {
      assertThat(get(client, "/1")).startsWith("HTTP/1.1 200");
      assertThat(get(client, "/2")).startsWith("HTTP/1.1 200");
      assertThat(get(client, "/3")).startsWith("HTTP/1.1 200"); // same client connection
    }

    assertThat(targets(proxyA)).allMatch(t -> t.endsWith("/1")).isNotEmpty();
    assertThat(targets(proxyB)).allMatch(t -> t.endsWith("/2")).isNotEmpty();
    assertThat(origin.getRequestCount()).isEqualTo(3);
    List<String> seen = List.of(origin.takeRequest().getTarget(), origin.takeRequest().getTarget(),
        origin.takeRequest().getTarget());
    assertThat(seen).containsExactly("/1", "/2", "/3"); // origin form, DIRECT included
  }

  @Test
  void aDeadProxyFailsOverToTheNextProxyAndToDirect() throws Exception {
    routes.put(4, List.of(http(deadPort), http(proxyA.port())));
    routes.put(5, List.of(http(deadPort), Proxy.NO_PROXY));

    try (Socket client = relayClient()) {
      assertThat(get(client, "/4")).startsWith("HTTP/1.1 200");
      assertThat(get(client, "/5")).startsWith("HTTP/1.1 200");
    }

    assertThat(targets(proxyA)).allMatch(t -> t.endsWith("/4")).isNotEmpty();
    assertThat(failed).hasSize(2).allMatch(f -> f.contains(":" + deadPort));
  }

  @Test
  void tunnelsAreRoutedToo() throws Exception {
    routes.put(origin.getPort(), List.of(http(deadPort), http(proxyB.port())));

    try (Socket client = relayClient()) {
      OutputStream out = client.getOutputStream();
      out.write(("CONNECT 127.0.0.1:" + origin.getPort() + " HTTP/1.1\r\nHost: 127.0.0.1:"
          + origin.getPort() + "\r\n" + ProxyRelay.SECRET_HEADER + ": " + relay.secret()
          + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      assertThat(head(client.getInputStream())).startsWith("HTTP/1.1 200");
      origin.enqueue(new MockResponse.Builder().body("ok").build());
      origin.enqueue(new MockResponse.Builder().body("ok").build());
      out.write(("GET /inside HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      assertThat(head(client.getInputStream())).startsWith("HTTP/1.1 200");
    }

    assertThat(proxyB.requests()).extracting(RecordedRequest::method).contains("CONNECT");
    assertThat(proxyA.requestCount()).isZero();
    assertThat(origin.takeRequest().getTarget()).isEqualTo("/inside");
  }

  private Socket relayClient() throws IOException {
    routes.putIfAbsent(1, List.of(http(proxyA.port())));
    InetSocketAddress address = (InetSocketAddress) relay.proxySelector()
        .select(URI.create("http://127.0.0.1/1")).get(0).address();
    Socket socket = new Socket(address.getAddress(), address.getPort());
    socket.setSoTimeout(10_000);
    return socket;
  }

  /** Sends a GET for {@code path} on the origin through the relay; returns the response head. */
  private String get(Socket client, String path) throws IOException {
    origin.enqueue(new MockResponse.Builder().body("ok").build());
    String url = "http://127.0.0.1:" + origin.getPort() + path;
    OutputStream out = client.getOutputStream();
    out.write(("GET " + url + " HTTP/1.1\r\nHost: 127.0.0.1:" + origin.getPort() + "\r\n"
        + ProxyRelay.SECRET_HEADER + ": " + relay.secret() + "\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    InputStream in = client.getInputStream();
    String head = head(in);
    in.readNBytes(2); // "ok", Content-Length: 2
    return head;
  }

  private static String head(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("closed after: " + head);
      }
      head.append((char) b);
    }
    return head.toString();
  }

  private static List<String> targets(TestProxy proxy) {
    return proxy.requests().stream().map(RecordedRequest::target).toList();
  }

  private static Proxy http(int port) {
    return new Proxy(Proxy.Type.HTTP, new InetSocketAddress("127.0.0.1", port));
  }

  /** Routes by the last path segment's number, or by port for a CONNECT's https://host:port/. */
  private static int pathKey(URI uri) {
    String path = uri.getPath();
    return path.length() > 1 ? Integer.parseInt(path.substring(path.lastIndexOf('/') + 1))
        : uri.getPort();
  }
}
