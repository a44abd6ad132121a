package io.github.proxyauth.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;

class TestProxyLifecycleTest {

  private static Set<String> threadsOf(int port) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(name -> name.startsWith("testproxy-" + port + "-"))
        .collect(Collectors.toSet());
  }

  @Test
  void bindsLoopbackOnFreePortAndReportsUrl() throws Exception {
    try (TestProxy proxy = TestProxy.builder().build()) {
      assertThat(proxy.address().getAddress().isLoopbackAddress()).isTrue();
      assertThat(proxy.port()).isPositive();
      assertThat(proxy.url().toString()).isEqualTo("http://127.0.0.1:" + proxy.port() + "/");
      assertThat(proxy.proxy().address()).isEqualTo(proxy.address());
    }
  }

  @Test
  void closeJoinsEveryThreadAndFreesThePort() throws Exception {
    MockWebServer origin = new MockWebServer();
    origin.start(InetAddress.getLoopbackAddress(), 0);
    TestProxy proxy = TestProxy.builder().build();
    int port = proxy.port();
    RawClient idle = new RawClient(proxy.address());
    RawClient tunnel = new RawClient(proxy.address());
    try (origin; idle; tunnel) {
      origin.enqueue(new MockResponse.Builder().body("x").build());
      idle.send("GET http://127.0.0.1:" + origin.getPort() + "/ HTTP/1.1\r\nHost: x\r\n\r\n")
          .read();
      tunnel.send("CONNECT 127.0.0.1:" + origin.getPort() + " HTTP/1.1\r\n\r\n");
      assertThat(tunnel.read(true).code()).isEqualTo(200);
      assertThat(threadsOf(port)).hasSizeGreaterThanOrEqualTo(3); // accept loop, 2 clients

      proxy.close();

      assertThat(threadsOf(port)).isEmpty();
      assertThat(tunnel.closedByPeer()).isTrue();
      assertThat(idle.closedByPeer()).isTrue();
    }
    try (ServerSocket again = new ServerSocket()) {
      again.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      assertThat(again.getLocalPort()).isEqualTo(port);
    }
  }

  @Test
  void closeTwiceIsHarmless() throws Exception {
    TestProxy proxy = TestProxy.builder().build();
    proxy.close();
    proxy.close();

    assertThat(threadsOf(proxy.port())).isEmpty();
  }

  @Test
  void takeRequestWithTimeoutIsEmptyWhenNothingArrives() throws Exception {
    try (TestProxy proxy = TestProxy.builder().build()) {
      assertThat(proxy.takeRequest(Duration.ofMillis(10))).isEmpty();
      assertThat(proxy.requestCount()).isZero();
      assertThat(proxy.connectionCount()).isZero();
    }
  }

  @Test
  void tunnelPipesBytesBothWaysAndPassesHalfClose() throws Exception {
    try (TestProxy proxy = TestProxy.builder().build();
        ServerSocket echo = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        RawClient client = new RawClient(proxy.address())) {
      client.send("CONNECT 127.0.0.1:" + echo.getLocalPort() + " HTTP/1.1\r\nHost: h\r\n\r\n");
      assertThat(client.read(true).code()).isEqualTo(200);
      client.send("ping");
      client.socket().shutdownOutput();
      try (java.net.Socket server = echo.accept()) {
        server.setSoTimeout(RawClient.TIMEOUT_MILLIS);
        byte[] got = server.getInputStream().readAllBytes(); // ends at the client's half-close
        server.getOutputStream().write(("pong:" + new String(got)).getBytes());
      }
      assertThat(new String(client.input().readAllBytes())).isEqualTo("pong:ping");
      assertThat(proxy.takeRequest().isConnect()).isTrue();
    }
  }

  @Test
  void rejectsSchemeConfiguredTwiceAndBadDigestOptions() {
    TestProxy.Builder builder = TestProxy.builder().basic("a");
    org.assertj.core.api.Assertions.assertThatIllegalStateException()
        .isThrownBy(() -> builder.basic("b"));
    org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
        .isThrownBy(() -> TestProxy.builder().digest("r").digestAlgorithms("SHA-1").build())
        .withMessageContaining("SHA-1");
  }
}
