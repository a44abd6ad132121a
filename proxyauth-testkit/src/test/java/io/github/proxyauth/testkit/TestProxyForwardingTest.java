package io.github.proxyauth.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TestProxyForwardingTest {
  private final MockWebServer origin = new MockWebServer();
  private TestProxy proxy;

  @BeforeEach
  void start() throws Exception {
    origin.start(InetAddress.getLoopbackAddress(), 0);
    proxy = TestProxy.builder().build();
  }

  @AfterEach
  void stop() {
    proxy.close();
    origin.close();
  }

  private String originUrl(String path) {
    return "http://127.0.0.1:" + origin.getPort() + path;
  }

  private RecordedRequest takeAtOrigin() throws InterruptedException {
    RecordedRequest request = origin.takeRequest(5, TimeUnit.SECONDS);
    assertThat(request).as("request at origin").isNotNull();
    return request;
  }

  @Test
  void forwardsGetFromHttpUrlConnectionAndRecordsIt() throws Exception {
    origin.enqueue(new MockResponse.Builder().body("hello").build());
    HttpURLConnection connection =
        (HttpURLConnection) new URL(originUrl("/a?b=c")).openConnection(proxy.proxy());

    assertThat(connection.getResponseCode()).isEqualTo(200);
    try (InputStream in = connection.getInputStream()) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("hello");
    }
    io.github.proxyauth.testkit.RecordedRequest recorded = proxy.takeRequest();
    assertThat(recorded.method()).isEqualTo("GET");
    assertThat(recorded.target()).isEqualTo(originUrl("/a?b=c"));
    assertThat(recorded.auth()).isEqualTo(io.github.proxyauth.testkit.RecordedRequest.Auth.NOT_REQUIRED);
    assertThat(takeAtOrigin().getTarget()).isEqualTo("/a?b=c");
  }

  @Test
  void neverForwardsProxyHeadersToOrigin() throws Exception {
    origin.enqueue(new MockResponse.Builder().body("ok").build());
    try (RawClient client = new RawClient(proxy.address())) {
      client.send("GET " + originUrl("/") + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          + "Proxy-Authorization: Basic Y2FuYXJ5OmNhbmFyeQ==\r\nProxy-Connection: keep-alive\r\n"
          + "Connection: X-Private\r\nX-Private: hop\r\nX-End: kept\r\n\r\n");
      assertThat(client.read().body()).isEqualTo("ok");
    }
    RecordedRequest atOrigin = takeAtOrigin();
    assertThat(atOrigin.getHeaders().get("X-End")).isEqualTo("kept");
    assertThat(atOrigin.getHeaders().names()).map(String::toLowerCase)
        .doesNotContain("proxy-authorization", "proxy-connection", "x-private", "connection");
    assertThat(proxy.takeRequest().header("proxy-authorization")).isPresent();
  }

  @Test
  void keepsClientConnectionAliveAcrossRequests() throws Exception {
    origin.enqueue(new MockResponse.Builder().body("one").build());
    origin.enqueue(new MockResponse.Builder().body("two").build());
    try (RawClient client = new RawClient(proxy.address())) {
      client.send("GET " + originUrl("/1") + " HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(client.read().body()).isEqualTo("one");
      client.send("GET " + originUrl("/2") + " HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(client.read().body()).isEqualTo("two");
    }
    assertThat(proxy.connectionCount()).isEqualTo(1);
    assertThat(proxy.requests()).extracting(r -> r.connectionId()).containsExactly(0L, 0L);
    assertThat(proxy.requests()).extracting(r -> r.sequenceNumber()).containsExactly(0L, 1L);
  }

  @Test
  void forwardsChunkedRequestAndChunkedResponse() throws Exception {
    origin.enqueue(new MockResponse.Builder().chunkedBody("abcdefghij", 3).build());
    try (RawClient client = new RawClient(proxy.address())) {
      client.send("POST " + originUrl("/up") + " HTTP/1.1\r\nHost: x\r\n"
          + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
      RawClient.Response response = client.read();
      assertThat(response.header("Transfer-Encoding")).hasValue("chunked");
      assertThat(response.body()).isEqualTo("abcdefghij");
    }
    RecordedRequest atOrigin = takeAtOrigin();
    assertThat(atOrigin.getBody().utf8()).isEqualTo("hello world");
    assertThat(atOrigin.getChunkSizes()).containsExactly(5, 6);
  }

  @Test
  void forwardsContentLengthBodyFromHttpUrlConnection() throws Exception {
    origin.enqueue(new MockResponse.Builder().code(201).body("made").build());
    HttpURLConnection connection =
        (HttpURLConnection) new URL(originUrl("/post")).openConnection(proxy.proxy());
    connection.setDoOutput(true);
    connection.setFixedLengthStreamingMode(4);
    try (OutputStream out = connection.getOutputStream()) {
      out.write("data".getBytes(StandardCharsets.UTF_8));
    }

    assertThat(connection.getResponseCode()).isEqualTo(201);
    assertThat(takeAtOrigin().getBody().utf8()).isEqualTo("data");
  }

  @Test
  void answersExpectContinueItselfBeforeReadingBody() throws Exception {
    origin.enqueue(new MockResponse.Builder().body("got it").build());
    try (RawClient client = new RawClient(proxy.address())) {
      client.send("PUT " + originUrl("/x") + " HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n"
          + "Expect: 100-continue\r\n\r\n");
      assertThat(client.read().code()).isEqualTo(100);
      client.send("body");
      assertThat(client.read().body()).isEqualTo("got it");
    }
    RecordedRequest atOrigin = takeAtOrigin();
    assertThat(atOrigin.getBody().utf8()).isEqualTo("body");
    assertThat(atOrigin.getHeaders().get("Expect")).isNull();
  }

  @Test
  void servesHttp10ClientAndClosesAfterResponse() throws Exception {
    origin.enqueue(new MockResponse.Builder().chunkedBody("dechunked", 4).build());
    try (RawClient client = new RawClient(proxy.address())) {
      client.send("GET " + originUrl("/old") + " HTTP/1.0\r\n\r\n");
      RawClient.Response response = client.read();
      assertThat(response.header("Transfer-Encoding")).isEmpty();
      assertThat(response.body()).isEqualTo("dechunked");
      assertThat(client.closedByPeer()).isTrue();
    }
    assertThat(takeAtOrigin().getHeaders().get("Host")).isEqualTo("127.0.0.1:" + origin.getPort());
  }

  @Test
  void closesAfterResponseWhenClientSaysConnectionClose() throws Exception {
    origin.enqueue(new MockResponse.Builder().body("bye").build());
    try (RawClient client = new RawClient(proxy.address())) {
      client.send("GET " + originUrl("/") + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
      RawClient.Response response = client.read();
      assertThat(response.header("Connection")).hasValue("close");
      assertThat(client.closedByPeer()).isTrue();
    }
  }

  @Test
  void answers502WhenOriginRefuses() throws Exception {
    int closedPort;
    try (java.net.ServerSocket unused = new java.net.ServerSocket(0, 1,
        InetAddress.getLoopbackAddress())) {
      closedPort = unused.getLocalPort();
    }
    try (RawClient client = new RawClient(proxy.address())) {
      client.send("GET http://127.0.0.1:" + closedPort + "/ HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(client.read().code()).isEqualTo(502);
    }
  }

  @Test
  void rejectsOriginFormAndOversizedHeads() throws Exception {
    try (RawClient client = new RawClient(proxy.address())) {
      client.send("GET /relative HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(client.read().code()).isEqualTo(400);
    }
    try (RawClient client = new RawClient(proxy.address())) {
      client.send("GET " + originUrl("/") + " HTTP/1.1\r\nX-Big: " + "a".repeat(70_000)
          + "\r\n\r\n");
      assertThat(client.read().code()).isEqualTo(431);
    }
  }
}
