package io.github.proxyauth.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.proxyauth.AuthScheme;
import io.github.proxyauth.Credentials;
import io.github.proxyauth.ProxyAuthenticator;
import io.github.proxyauth.discovery.ProxyDiscovery;
import io.github.proxyauth.testkit.RecordedRequest;
import io.github.proxyauth.testkit.TestProxy;
import java.io.IOException;
import java.io.InputStream;
import java.net.Authenticator;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link LocalProxy} with real clients (java.net.http, HttpURLConnection, OkHttp, raw sockets)
 * through the test kit proxy to a MockWebServer origin: no secret, loopback-only binding, the
 * local credential and the access log, with canary passwords that must show up nowhere.
 */
class LocalProxyTest extends LocalProxyFixture {
  @Test
  void refusesToListenOnANonLoopbackAddressWithoutAnAllowList() {
    assertThatThrownBy(() -> builder(UPSTREAM_PASSWORD)
        .listen(new InetSocketAddress("0.0.0.0", 0)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0.0.0.0")
        .hasMessageContaining("not a loopback address")
        .hasMessageContaining("allow(");
  }

  @Test
  void checkAllowedValidatesRangesWithoutAnAuthenticator() {
    assertThat(LocalProxy.checkAllowed(" 10.0.0.0/8 ")).isEqualTo("10.0.0.0/8");
    assertThat(LocalProxy.checkAllowed("FD00::/8")).isEqualTo("fd00::/8");
    assertThat(LocalProxy.checkAllowed("192.168.1.7")).isEqualTo("192.168.1.7");
    assertThatThrownBy(() -> LocalProxy.checkAllowed("10.0.0.0/33"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0..32");
    assertThatThrownBy(() -> LocalProxy.checkAllowed("10.0.0.0/"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'10.0.0.0/'");
    assertThatThrownBy(() -> LocalProxy.checkAllowed("intranet.example"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'intranet.example'");
  }

  @Test
  void refusesMalformedAllowEntriesWhenGiven() {
    LocalProxy.Builder builder = builder(UPSTREAM_PASSWORD);
    assertThatThrownBy(() -> builder.allow("10.0.0.0/33"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0..32");
    assertThatThrownBy(() -> builder.allow("intranet.example"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'intranet.example'");
    assertThatThrownBy(() -> builder.localCredentials("a:b", new char[] {'x'}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("':'");
  }

  @Test
  void bindsTheGivenLoopbackAddressAndDefaultsToPort3128() throws IOException {
    LocalProxy proxy = started(builder(UPSTREAM_PASSWORD));
    assertThat(proxy.address().getAddress().isLoopbackAddress()).isTrue();
    assertThat(proxy.address().getPort()).isPositive();
    assertThat(LocalProxy.DEFAULT_PORT).isEqualTo(3128);
    assertThat(proxy.toString()).contains(proxy.address().toString()).contains("loopback");
  }

  @Test
  void servesJdkClientsThatKnowNothingOfProxyauth() throws Exception {
    LocalProxy proxy = started(builder(UPSTREAM_PASSWORD));
    HttpClient client = HttpClient.newBuilder().proxy(ProxySelector.of(proxy.address()))
        .connectTimeout(Duration.ofSeconds(10)).build();

    HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(url("/jdk")))
        .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    HttpURLConnection connection = (HttpURLConnection) new URL(url("/huc"))
        .openConnection(new Proxy(Proxy.Type.HTTP, proxy.address()));
    connection.setConnectTimeout(10_000);
    connection.setReadTimeout(20_000);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("hello GET");
    assertThat(connection.getResponseCode()).isEqualTo(200);
    try (InputStream body = connection.getInputStream()) {
      assertThat(new String(body.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("hello GET");
    }
    assertThat(upstream.requests()).extracting(RecordedRequest::user)
        .allMatch(u -> u.isEmpty() || u.get().equals("alice"));
    assertThat(origin.getRequestCount()).isEqualTo(2);
  }

  @Test
  void tunnelsOkHttpToAnHttpsOrigin() throws Exception {
    origin.useHttps(new HandshakeCertificates.Builder().heldCertificate(SERVER).build()
        .sslSocketFactory());
    LocalProxy proxy = started(builder(UPSTREAM_PASSWORD));
    HandshakeCertificates trust = new HandshakeCertificates.Builder()
        .addTrustedCertificate(ROOT.certificate()).build();
    OkHttpClient client = new OkHttpClient.Builder()
        .proxy(new Proxy(Proxy.Type.HTTP, proxy.address()))
        .sslSocketFactory(trust.sslSocketFactory(), trust.trustManager())
        .callTimeout(Duration.ofSeconds(20)).build();

    try (Response response = client.newCall(new Request.Builder()
        .url("https://127.0.0.1:" + origin.getPort() + "/ok").build()).execute()) {
      assertThat(response.code()).isEqualTo(200);
      assertThat(response.body().string()).isEqualTo("hello GET");
    }
    client.connectionPool().evictAll(); // the entry comes when the tunnel ends

    AccessLogEntry tunnel = nextEntry();
    assertThat(tunnel.method()).isEqualTo("CONNECT");
    assertThat(tunnel.target()).isEqualTo("https://127.0.0.1:" + origin.getPort());
    assertThat(tunnel.status()).isEqualTo(200);
    assertThat(tunnel.scheme()).contains("basic");
    assertThat(tunnel.bytesToClient()).isGreaterThan(1000); // TLS handshake and response
    assertThat(tunnel.bytesFromClient()).isGreaterThan(200);
  }

  @Test
  void localCredentialIsAskedForWithABasicChallengeAndNeverForwarded() throws Exception {
    LocalProxy proxy = started(builder(UPSTREAM_PASSWORD)
        .localCredentials("me", LOCAL_PASSWORD.toCharArray()));
    String local = Wire.basic("me", LOCAL_PASSWORD);

    String missing = exchange(proxy, Wire.get(url("/none"), ""));
    String wrong = exchange(proxy, Wire.get(url("/wrong"),
        "Proxy-Authorization: " + Wire.basic("me", "canary-not-it-1") + "\r\n"));
    String right = exchange(proxy, Wire.get(url("/right"),
        "Proxy-Authorization: " + local + "\r\n"));
    String tunnel;
    try (Socket socket = Wire.connect(proxy.address())) {
      Wire.send(socket, Wire.connect("127.0.0.1:" + origin.getPort(),
          "Proxy-Authorization: " + local + "\r\n"));
      tunnel = Wire.head(socket.getInputStream());
      Wire.send(socket, "GET /inside HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
      assertThat(Wire.response(socket.getInputStream())).startsWith("HTTP/1.1 200")
          .endsWith("hello GET");
    }

    for (String refused : List.of(missing, wrong)) {
      assertThat(refused).startsWith("HTTP/1.1 407")
          .contains("Proxy-Authenticate: Basic realm=\"proxyauth serve\"\r\n");
    }
    assertThat(right).startsWith("HTTP/1.1 200").endsWith("hello GET");
    assertThat(tunnel).startsWith("HTTP/1.1 200");
    for (int i = 0; i < origin.getRequestCount(); i++) {
      assertThat(origin.takeRequest().getHeaders().names())
          .noneMatch(n -> n.equalsIgnoreCase("proxy-authorization"));
    }
    assertThat(upstream.requests()).isNotEmpty()
        .flatMap(r -> r.headers("Proxy-Authorization")).doesNotContain(local)
        .allMatch(v -> v.equals(Wire.basic("alice", UPSTREAM_PASSWORD)));
    List<AccessLogEntry> seen = List.of(nextEntry(), nextEntry(), nextEntry(), nextEntry());
    assertThat(seen).extracting(AccessLogEntry::status).containsExactly(407, 407, 200, 200);
    assertThat(seen.get(0).route()).isEqualTo("refused");
    assertThat(seen.get(0).failure()).contains("local-credential");
    assertThat(seen.get(2).failure()).isEmpty();
    noCanaryAnywhere(seen);
  }

  @Test
  void jdkClientAnswersTheLocalChallengeWithItsAuthenticator() throws Exception {
    LocalProxy proxy = started(builder(UPSTREAM_PASSWORD)
        .localCredentials("me", LOCAL_PASSWORD.toCharArray()));
    HttpClient client = HttpClient.newBuilder().proxy(ProxySelector.of(proxy.address()))
        .authenticator(new Authenticator() {
          @Override
          protected PasswordAuthentication getPasswordAuthentication() {
            return new PasswordAuthentication("me", LOCAL_PASSWORD.toCharArray());
          }
        }).build();
    HttpClient without = HttpClient.newBuilder().proxy(ProxySelector.of(proxy.address())).build();

    HttpResponse<String> ok = client.send(HttpRequest.newBuilder(URI.create(url("/auth")))
        .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> refused = without.send(HttpRequest.newBuilder(URI.create(url("/no")))
        .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());

    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body()).isEqualTo("hello GET");
    assertThat(refused.statusCode()).isEqualTo(407);
    assertThat(refused.headers().allValues("Proxy-Authenticate"))
        .containsExactly("Basic realm=\"proxyauth serve\"");
    assertThat(origin.takeRequest().getHeaders().names())
        .noneMatch(n -> n.equalsIgnoreCase("proxy-authorization"));
  }

  @Test
  void accessLogNamesRouteWhySchemeStatusAndBytesWithoutTheQuery() throws Exception {
    ProxyDiscovery discovery = ProxyDiscovery.builder()
        .proxy("http://127.0.0.1:" + upstream.port()).build();
    LocalProxy proxy = started(builder(UPSTREAM_PASSWORD).upstream(discovery));

    String response = exchange(proxy, Wire.get(url("/path/a?token=" + QUERY_SECRET), ""));

    assertThat(response).startsWith("HTTP/1.1 200");
    AccessLogEntry entry = nextEntry();
    assertThat(entry.method()).isEqualTo("GET");
    assertThat(entry.target()).isEqualTo("http://127.0.0.1:" + origin.getPort() + "/path/a");
    assertThat(entry.route()).isEqualTo("proxy 127.0.0.1:" + upstream.port());
    assertThat(entry.why()).startsWith("EXPLICIT: ");
    assertThat(entry.scheme()).contains("basic");
    assertThat(entry.status()).isEqualTo(200);
    assertThat(entry.bytesToClient()).isEqualTo(response.length());
    assertThat(entry.bytesFromClient()).isPositive();
    assertThat(entry.client().getAddress().isLoopbackAddress()).isTrue();
    assertThat(entry.failure()).isEmpty();
    assertThat(entry.millis()).isNotNegative();
    LocalProxy.Stats stats = proxy.stats();
    assertThat(stats.requests()).isEqualTo(1);
    assertThat(stats.responsesByStatus()).containsEntry(200, 1L);
    assertThat(stats.pooledUpstreamConnections()).isEqualTo(1);
    noCanaryAnywhere(List.of(entry));
  }

  @Test
  void accessLogRecordsUpstreamRefusalAndUnreachableUpstream() throws Exception {
    int dead;
    try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      dead = closed.getLocalPort();
    }
    LocalProxy refusing = started(builder("canary-wrong-upstream-Pw-44"));
    LocalProxy unreachable = started(builder(UPSTREAM_PASSWORD)
        .upstream(ProxySelector.of(new InetSocketAddress("127.0.0.1", dead))));

    String rejected = exchange(refusing, Wire.get(url("/x"), ""));
    AccessLogEntry refusal = nextEntry();
    String gone = exchange(unreachable, Wire.get(url("/y"), ""));
    AccessLogEntry failed = nextEntry();

    assertThat(rejected).startsWith("HTTP/1.1 407").contains("Proxy-Auth-Diagnosis: ")
        .doesNotContain("Basic realm");
    assertThat(refusal.status()).isEqualTo(407);
    assertThat(refusal.scheme()).contains("basic");
    assertThat(refusal.route()).isEqualTo("proxy " + upstream.address().getHostString() + ":" + upstream.port());
    assertThat(refusal.failure()).hasValueSatisfying(f -> assertThat(f).matches("[A-Z_]+"));
    assertThat(gone).startsWith("HTTP/1.1 502");
    assertThat(failed.status()).isEqualTo(502);
    assertThat(failed.route()).isEqualTo("proxy 127.0.0.1:" + dead);
    assertThat(failed.failure()).contains("unreachable");
    assertThat(failed.scheme()).isEmpty();
    assertThat(unreachable.stats().responsesByStatus()).containsEntry(502, 1L);
    noCanaryAnywhere(List.of(refusal, failed));
  }

  @Test
  void malformedRequestsGet400AndAnEntry() throws Exception {
    LocalProxy proxy = started(builder(UPSTREAM_PASSWORD));

    String response = exchange(proxy, "GET /not-absolute HTTP/1.1\r\nHost: x\r\n\r\n");

    assertThat(response).startsWith("HTTP/1.1 400");
    AccessLogEntry entry = nextEntry();
    assertThat(entry.status()).isEqualTo(400);
    assertThat(entry.method()).isEqualTo("GET");
    assertThat(entry.target()).isEqualTo("-");
    assertThat(entry.failure()).contains("bad-request");
    assertThat(upstream.requestCount()).isZero();
  }

  @Test
  void aClientSpeakingTlsToThePlainPortGetsOneClearWarningAndAnEntry() throws Exception {
    LocalProxy proxy = started(builder(UPSTREAM_PASSWORD));
    SSLSocketFactory tls = new HandshakeCertificates.Builder()
        .addTrustedCertificate(ROOT.certificate()).build().sslSocketFactory();

    for (int i = 0; i < 2; i++) {
      try (SSLSocket socket = (SSLSocket) tls.createSocket(proxy.address().getAddress(),
          proxy.address().getPort())) {
        socket.setSoTimeout(10_000);
        assertThatThrownBy(socket::startHandshake).isInstanceOf(IOException.class);
      }
      AccessLogEntry entry = nextEntry();
      assertThat(entry.status()).isEqualTo(400);
      assertThat(entry.failure()).contains("tls-on-plain-port");
      assertThat(entry.route()).isEqualTo("refused");
    }

    String port = "127.0.0.1:" + proxy.address().getPort();
    assertThat(logged).filteredOn(l -> l.contains("TLS")).singleElement().satisfies(l ->
        assertThat(l).startsWith("WARNING ").contains("plain HTTP proxy port " + port,
            "http://" + port, "not https://").doesNotContain("\n"));
    assertThat(upstream.requestCount()).isZero();
    assertThat(exchange(proxy, Wire.get(url("/after"), ""))).startsWith("HTTP/1.1 200");
  }

  @Test
  void aThrowingAccessLogSinkCannotBreakTheProxy() throws Exception {
    LocalProxy proxy = started(builder(UPSTREAM_PASSWORD).accessLog(entry -> {
      throw new IllegalStateException("sink broke " + entry.target());
    }));

    String first = exchange(proxy, Wire.get(url("/1"), ""));
    String second = exchange(proxy, Wire.get(url("/2"), ""));

    assertThat(first).startsWith("HTTP/1.1 200");
    assertThat(second).startsWith("HTTP/1.1 200");
    assertThat(logged).filteredOn(l -> l.contains("access log sink threw"))
        .hasSize(1).allMatch(l -> l.contains("IllegalStateException"));
  }

  private void noCanaryAnywhere(List<AccessLogEntry> seen) {
    List<String> everything = new ArrayList<>(logged);
    seen.forEach(e -> everything.add(e.toString()));
    everything.addAll(responses);
    for (String canary : List.of(UPSTREAM_PASSWORD, LOCAL_PASSWORD, QUERY_SECRET,
        Wire.basic("me", LOCAL_PASSWORD), Wire.basic("alice", UPSTREAM_PASSWORD))) {
      assertThat(everything).noneMatch(s -> s.contains(canary));
    }
  }
}
