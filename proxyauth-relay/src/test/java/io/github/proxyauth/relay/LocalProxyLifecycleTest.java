package io.github.proxyauth.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.proxyauth.testkit.RecordedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProxySelector;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link LocalProxy#reconfigure} and {@link LocalProxy#drain} with requests in flight. */
class LocalProxyLifecycleTest extends LocalProxyFixture {
  static final String LOCAL_B = "canary-local-B-Pw-6620";
  static final String UPSTREAM_B = "canary-upstream-B-Pw-9134";

  @Test
  void reconfigureSwitchesCredentialsWithoutDroppingAnOpenTunnel() throws Exception {
    LocalProxy proxy = started(builder(UPSTREAM_PASSWORD)
        .localCredentials("me", LOCAL_PASSWORD.toCharArray()));
    String oldLocal = "Proxy-Authorization: " + Wire.basic("me", LOCAL_PASSWORD) + "\r\n";
    String newLocal = "Proxy-Authorization: " + Wire.basic("me", LOCAL_B) + "\r\n";
    assertThat(exchange(proxy, Wire.get(url("/pooled"), oldLocal))).startsWith("HTTP/1.1 200");
    assertThat(proxy.stats().pooledUpstreamConnections()).isEqualTo(1);
    try (Socket tunnel = Wire.connect(proxy.address())) {
      InputStream in = tunnel.getInputStream();
      Wire.send(tunnel, Wire.connect("127.0.0.1:" + origin.getPort(), oldLocal));
      assertThat(Wire.head(in)).startsWith("HTTP/1.1 200");
      Wire.send(tunnel, "GET /inside-before HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
      assertThat(Wire.response(in)).startsWith("HTTP/1.1 200");

      upstream.setPassword("alice", UPSTREAM_B);
      proxy.reconfigure(LocalProxy.Settings.builder(engine(UPSTREAM_B))
          .upstream(ProxySelector.of(upstream.address()))
          .localCredentials("me", LOCAL_B.toCharArray()).build());

      assertThat(proxy.stats().pooledUpstreamConnections()).isZero(); // the old pool closed
      Wire.send(tunnel, "GET /inside-after HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
      assertThat(Wire.response(in)).startsWith("HTTP/1.1 200").endsWith("hello GET");
    }
    String refused = exchange(proxy, Wire.get(url("/old-local"), oldLocal));
    String served = exchange(proxy, Wire.get(url("/new-local"), newLocal));

    assertThat(refused).startsWith("HTTP/1.1 407").contains("Basic realm=\"proxyauth serve\"");
    assertThat(served).startsWith("HTTP/1.1 200").endsWith("hello GET");
    RecordedRequest last = upstream.requests().get(upstream.requestCount() - 1);
    assertThat(last.target()).endsWith("/new-local");
    assertThat(last.header("Proxy-Authorization")).contains(Wire.basic("alice", UPSTREAM_B));
  }

  @Test
  void reconfigureRefusesANonLoopbackListenerWithoutAllowList() throws Exception {
    LocalProxy proxy = started(builder(UPSTREAM_PASSWORD).allow("192.0.2.0/24"));
    LocalProxy.Settings narrower = LocalProxy.Settings.builder(engine(UPSTREAM_PASSWORD))
        .upstream(ProxySelector.of(upstream.address())).build();

    proxy.reconfigure(narrower); // loopback listener: loopback clients stay allowed

    assertThat(proxy.toString()).doesNotContain("192.0.2.0/24");
    assertThat(exchange(proxy, Wire.get(url("/still"), ""))).startsWith("HTTP/1.1 200");
  }

  @Test
  void drainFinishesAnInFlightSlowResponseClosesIdleConnectionsThenRefuses() throws Exception {
    LocalProxy proxy = started(builder(UPSTREAM_PASSWORD));
    Socket idle = Wire.connect(proxy.address());
    Socket busy = Wire.connect(proxy.address());
    try (idle; busy) {
      Wire.send(idle, Wire.get(url("/warm"), ""));
      assertThat(Wire.response(idle.getInputStream())).startsWith("HTTP/1.1 200");
      Wire.send(busy, Wire.get(url("/slow"), ""));
      assertThat(arrived.await(20, TimeUnit.SECONDS)).isTrue();

      CompletableFuture<Boolean> drained = CompletableFuture.supplyAsync(
          () -> proxy.drain(Duration.ofSeconds(30)));
      assertThat(idle.getInputStream().read()).isEqualTo(-1); // idle keep-alive: closed at once
      assertThat(drained).isNotDone(); // the slow response is still held by the origin
      release.countDown();

      assertThat(drained.get(30, TimeUnit.SECONDS)).isTrue();
      String slow = Wire.response(busy.getInputStream());
      assertThat(slow).startsWith("HTTP/1.1 200").contains("Connection: close\r\n")
          .endsWith("slow body");
      assertThat(busy.getInputStream().read()).isEqualTo(-1);
    }
    assertThat(proxy.isClosed()).isTrue();
    assertThatThrownBy(() -> Wire.connect(proxy.address()).close())
        .isInstanceOf(IOException.class);
    List<Integer> statuses = List.of(nextEntry().status(), nextEntry().status());
    assertThat(statuses).containsExactly(200, 200);
  }

  @Test
  void drainGivesUpOnATunnelThatOutlivesTheTimeoutAndClosesIt() throws Exception {
    LocalProxy proxy = started(builder(UPSTREAM_PASSWORD));
    try (Socket tunnel = Wire.connect(proxy.address())) {
      Wire.send(tunnel, Wire.connect("127.0.0.1:" + origin.getPort(), ""));
      assertThat(Wire.head(tunnel.getInputStream())).startsWith("HTTP/1.1 200");

      boolean drained = proxy.drain(Duration.ofMillis(300));

      assertThat(drained).isFalse();
      assertThat(tunnel.getInputStream().read()).isEqualTo(-1);
    }
    assertThat(proxy.isClosed()).isTrue();
  }
}
