package io.github.proxyauth.jdkhttp;

import static io.github.proxyauth.jdkhttp.Fixtures.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.proxyauth.relay.ProxyRelay;
import io.github.proxyauth.testkit.TestProxy;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.HttpsURLConnection;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;

class ProxyRelayTest {

  @Test
  void clientWithoutOrWithWrongSecretGets403() throws Exception {
    try (TestProxy proxy = Fixtures.proxy("basic");
        MockWebServer origin = Fixtures.origin(true, false);
        ProxyRelay relay = ProxyRelay.builder(Fixtures.authenticator("basic", PASSWORD))
            .upstream(Fixtures.upstream(proxy)).build()) {
      URI uri = Fixtures.url(origin, false, "/");
      InetSocketAddress listener = (InetSocketAddress) relay.proxySelector().select(uri).get(0)
          .address();

      assertThat(rawStatusLine(listener, "")).startsWith("HTTP/1.1 403");
      assertThat(rawStatusLine(listener, "Proxy-Relay-Token: " + relay.secret() + "x\r\n"))
          .startsWith("HTTP/1.1 403");
      HttpClient plain = HttpClient.newBuilder().proxy(relay.proxySelector())
          .sslContext(Fixtures.CLIENT_TLS).build();
      assertThat(plain.send(SchemeMatrixTest.get(uri), HttpResponse.BodyHandlers.ofString())
          .statusCode()).isEqualTo(403);
      assertThatThrownBy(() -> plain.send(SchemeMatrixTest.get(Fixtures.url(origin, true, "/")),
          HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class)
          .hasMessageContaining("403");
      assertThat(proxy.requestCount()).isZero();
      assertThat(origin.getRequestCount()).isZero();
    }
  }

  @Test
  void closeLeavesNoRelayThreadsOrListeningPorts() throws Exception {
    InetSocketAddress listener;
    try (TestProxy proxy = Fixtures.proxy("ntlm");
        MockWebServer origin = Fixtures.origin(true, false)) {
      ProxyAuthHttpClient client = Fixtures.client(proxy,
          Fixtures.authenticator("ntlm", PASSWORD), HttpClient.Version.HTTP_1_1);
      URI uri = Fixtures.url(origin, true, "/");
      assertThat(client.send(SchemeMatrixTest.get(uri), HttpResponse.BodyHandlers.ofString())
          .statusCode()).isEqualTo(200);
      listener = Fixtures.relayAddress(client, uri);
      assertThat(Fixtures.relayThreads()).isNotEmpty();

      client.close();

      assertThat(client.isTerminated()).isTrue();
    }
    assertThat(Fixtures.relayThreadsAfterJoin()).isEmpty();
    assertThatThrownBy(() -> new Socket().connect(listener, 2_000))
        .isInstanceOf(ConnectException.class);
  }

  @Test
  void garbageCollectedClientStopsItsRelay() throws Exception {
    try (TestProxy proxy = Fixtures.proxy("basic");
        MockWebServer origin = Fixtures.origin(false, false)) {
      InetSocketAddress listener = useAndDrop(proxy, origin);
      boolean stopped = false;
      for (int i = 0; i < 100 && !stopped; i++) { // bounded: at most about 10 s
        System.gc();
        java.util.concurrent.locks.LockSupport.parkNanos(100_000_000);
        stopped = refuses(listener);
      }

      assertThat(stopped).as("relay closed after the client was collected").isTrue();
      assertThat(Fixtures.relayThreadsAfterJoin()).isEmpty();
    }
  }

  @Test
  void requestInFlightSurvivesTheClientBecomingUnreachable() throws Exception {
    try (TestProxy proxy = TestProxy.builder().user(Fixtures.USER, PASSWORD).basic("corp")
            .replyDelay(java.time.Duration.ofMillis(1500)).build();
        MockWebServer origin = Fixtures.origin(false, false)) {
      java.util.concurrent.CompletableFuture<HttpResponse<String>> pending = sendAndDrop(proxy,
          origin);
      for (int i = 0; i < 5; i++) {
        System.gc();
        java.util.concurrent.locks.LockSupport.parkNanos(100_000_000);
      }

      assertThat(pending.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }
  }

  /** Starts an async request on a client that is unreachable once this method returns. */
  private static java.util.concurrent.CompletableFuture<HttpResponse<String>> sendAndDrop(
      TestProxy proxy, MockWebServer origin) {
    ProxyAuthHttpClient client = Fixtures.client(proxy,
        Fixtures.authenticator("basic", PASSWORD), HttpClient.Version.HTTP_1_1);
    return client.sendAsync(SchemeMatrixTest.get(Fixtures.url(origin, false, "/slow")),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Returns the relay address of a client that is unreachable once this method returns. */
  private static InetSocketAddress useAndDrop(TestProxy proxy, MockWebServer origin)
      throws Exception {
    ProxyAuthHttpClient client = Fixtures.client(proxy,
        Fixtures.authenticator("basic", PASSWORD), HttpClient.Version.HTTP_1_1);
    URI uri = Fixtures.url(origin, false, "/");
    assertThat(client.send(SchemeMatrixTest.get(uri), HttpResponse.BodyHandlers.ofString())
        .statusCode()).isEqualTo(200);
    return Fixtures.relayAddress(client, uri);
  }

  private static boolean refuses(InetSocketAddress address) {
    try (Socket socket = new Socket()) {
      socket.connect(address, 1_000);
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  @Test
  void httpUrlConnectionPresentsSecretOnPlainRequests() throws Exception {
    try (TestProxy proxy = Fixtures.proxy("ntlm");
        MockWebServer origin = Fixtures.origin(false, false);
        ProxyRelay relay = ProxyRelay.builder(Fixtures.authenticator("ntlm", PASSWORD))
            .upstream(Fixtures.upstream(proxy)).build()) {
      URI uri = Fixtures.url(origin, false, "/legacy");
      Proxy viaRelay = relay.proxySelector().select(uri).get(0);
      HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection(viaRelay);
      connection.setRequestProperty(ProxyRelay.SECRET_HEADER, relay.secret());

      assertThat(connection.getResponseCode()).isEqualTo(200);
      assertThat(read(connection.getInputStream())).isEqualTo("hello GET 0");
      assertThat(origin.takeRequest(5, TimeUnit.SECONDS).getHeaders()
          .get(ProxyRelay.SECRET_HEADER)).isNull();
    }
  }

  @Test
  void httpsUrlConnectionNeedsAllowWithoutSecret() throws Exception {
    try (TestProxy proxy = Fixtures.proxy("ntlm");
        MockWebServer origin = Fixtures.origin(true, false);
        ProxyRelay strict = ProxyRelay.builder(Fixtures.authenticator("ntlm", PASSWORD))
            .upstream(Fixtures.upstream(proxy)).build();
        ProxyRelay open = ProxyRelay.builder(Fixtures.authenticator("ntlm", PASSWORD))
            .upstream(Fixtures.upstream(proxy)).allowWithoutSecret().build()) {
      URI uri = Fixtures.url(origin, true, "/legacy");

      HttpsURLConnection refused = https(uri, strict);
      refused.setRequestProperty(ProxyRelay.SECRET_HEADER, strict.secret()); // not sent on CONNECT
      assertThatThrownBy(refused::getResponseCode).isInstanceOf(IOException.class)
          .hasMessageContaining("403");
      HttpsURLConnection allowed = https(uri, open);
      assertThat(allowed.getResponseCode()).isEqualTo(200);
      assertThat(read(allowed.getInputStream())).isEqualTo("hello GET 0");
    }
  }

  /** The relay's own clients get a 502; ProxyAuthHttpClient turns it into a ConnectException. */
  @Test
  void unreachableUpstreamGivesTheRelaysClients502() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    try (MockWebServer origin = Fixtures.origin(false, false);
        ProxyRelay relay = ProxyRelay.builder(Fixtures.authenticator("basic", PASSWORD))
            .upstream(java.net.ProxySelector.of(new InetSocketAddress("127.0.0.1", closedPort)))
            .build()) {
      HttpClient plain = HttpClient.newBuilder().proxy(relay.proxySelector()).build();
      HttpResponse<String> response = plain.send(HttpRequest.newBuilder(
          Fixtures.url(origin, false, "/")).header(ProxyRelay.SECRET_HEADER, relay.secret())
          .build(), HttpResponse.BodyHandlers.ofString());

      assertThat(response.statusCode()).isEqualTo(502);
      assertThat(response.headers().firstValue("Proxy-Relay-Error")).get().asString()
          .contains("127.0.0.1:" + closedPort);
    }
  }

  private static HttpsURLConnection https(URI uri, ProxyRelay relay) throws IOException {
    HttpsURLConnection c = (HttpsURLConnection) uri.toURL()
        .openConnection(relay.proxySelector().select(uri).get(0));
    c.setSSLSocketFactory(Fixtures.CLIENT_TLS.getSocketFactory());
    c.setConnectTimeout(10_000);
    c.setReadTimeout(20_000);
    return c;
  }

  private static String read(InputStream in) throws IOException {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static String rawStatusLine(InetSocketAddress relay, String extraHeader)
      throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(relay, 5_000);
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(("GET http://127.0.0.1:1/ HTTP/1.1\r\nHost: 127.0.0.1:1\r\n" + extraHeader
          + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      return new BufferedReader(new InputStreamReader(socket.getInputStream(),
          StandardCharsets.ISO_8859_1)).readLine();
    }
  }
}
