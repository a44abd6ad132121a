package io.github.proxyauth.relay.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyauth.AuthScheme;
import io.github.proxyauth.Credentials;
import io.github.proxyauth.ProxyAuthenticator;
import io.github.proxyauth.internal.http.Head;
import io.github.proxyauth.testkit.Fault;
import io.github.proxyauth.testkit.TestProxy;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.ProxySelector;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ForwarderTest {
  private static final String PASSWORD = "canary-Pa55w0rd-9120";

  @Test
  void failedAuthenticationAfterAReconnectLeavesNoUpstreamSocketOpen() throws Exception {
    try (TestProxy proxy = TestProxy.builder().user("alice", PASSWORD).basic("corp").build();
        Relay relay = relay(proxy, "wrong-" + PASSWORD)) {
      proxy.injectFaults(Fault.CLOSE_ON_407);

      String reply = exchange(relay, "GET http://o.test/ HTTP/1.1\r\nHost: o.test\r\n"
          + Relay.TOKEN_HEADER + ": " + relay.token() + "\r\n\r\n");

      assertThat(reply).startsWith("HTTP/1.1 407");
      assertThat(openSocketsOnceSettled(relay)).isZero();
    }
  }

  @Test
  void theEnginesAttemptCapIsTheOnlyCapOn407s() throws Exception {
    AtomicInteger rotation = new AtomicInteger();
    ProxyAuthenticator auth = ProxyAuthenticator.builder().schemes(AuthScheme.basic())
        .maxAttempts(20).lockoutProtection(100, Duration.ofSeconds(1))
        .credentials(scope -> Optional.of(Credentials.of("alice",
            ("rotated-" + rotation.incrementAndGet()).toCharArray()))).build();
    try (TestProxy proxy = TestProxy.builder().user("alice", PASSWORD).basic("corp")
        .fault(Fault.ENDLESS_407).build();
        Relay relay = Relay.start(new RelayConfig(auth, ProxySelector.of(proxy.address()), true,
            Duration.ofSeconds(20), 16))) {
      String reply = exchange(relay, "GET http://o.test/ HTTP/1.1\r\nHost: o.test\r\n"
          + Relay.TOKEN_HEADER + ": " + relay.token() + "\r\n\r\n");

      assertThat(reply).startsWith("HTTP/1.1 407").contains("TOO_MANY_ATTEMPTS");
      assertThat(proxy.requestCount()).isEqualTo(1 + 20); // past the old separate cap of 16
    }
  }

  @Test
  void aProxyDrippingItsAnswerToConnectEndsAtTheHandshakeDeadline() throws Exception {
    try (ServerSocket fakeProxy = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        Relay relay = Relay.start(new RelayConfig(basic(PASSWORD),
            ProxySelector.of((InetSocketAddress) fakeProxy.getLocalSocketAddress()), true,
            Duration.ofSeconds(20), 16, Duration.ofSeconds(2)))) {
      Thread server = new Thread(() -> dripForever(fakeProxy));
      server.setDaemon(true);
      server.start();

      String reply = exchange(relay, "CONNECT o.test:443 HTTP/1.1\r\nHost: o.test:443\r\n"
          + Relay.TOKEN_HEADER + ": " + relay.token() + "\r\n\r\n");

      assertThat(reply).startsWith("HTTP/1.1 407").contains("PROXY_TIMEOUT")
          .contains("the answer to CONNECT");
      assertThat(openSocketsOnceSettled(relay)).isZero();
    }
  }

  /** A fake proxy that answers with a head it sends one byte per 50 ms (pacing) and never ends. */
  private static void dripForever(ServerSocket server) {
    try (Socket socket = server.accept()) {
      readUntil(socket.getInputStream(), "\r\n\r\n");
      OutputStream out = socket.getOutputStream();
      out.write("HTTP/1.1 200 OK\r\nX-Pad: ".getBytes(StandardCharsets.ISO_8859_1));
      while (true) {
        out.write('p');
        out.flush();
        LockSupport.parkNanos(50_000_000);
      }
    } catch (IOException e) {
      // The relay closed the connection: the drip ends.
    }
  }

  @Test
  void refusesASmugglingRequestBeforeItReachesTheProxy() throws Exception {
    try (TestProxy proxy = TestProxy.builder().build();
        Relay relay = relay(proxy, PASSWORD)) {
      String reply = exchange(relay, "POST http://o.test/ HTTP/1.1\r\nHost: o.test\r\n"
          + Relay.TOKEN_HEADER + ": " + relay.token() + "\r\nContent-Length: 5\r\n"
          + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET http://o.test/admin HTTP/1.1\r\n\r\n");

      assertThat(reply).startsWith("HTTP/1.1 400");
      assertThat(proxy.requestCount()).isZero();
    }
  }

  /** Issue 16, item 5: the 400 names the offending field, never its value (the secret). */
  @ParameterizedTest
  @ValueSource(strings = {" : ", ":\r", "(x): "})
  void aMalformedFieldLineIsRefusedNamingTheFieldButNotItsValue(String broken) throws Exception {
    try (TestProxy proxy = TestProxy.builder().build();
        Relay relay = relay(proxy, PASSWORD)) {
      String reply = exchange(relay, "GET http://o.test/ HTTP/1.1\r\nHost: o.test\r\n"
          + Relay.TOKEN_HEADER + broken + relay.token() + "\r\n\r\n");

      assertThat(reply).startsWith("HTTP/1.1 400").contains("Proxy-Relay-Error: ")
          .doesNotContain(relay.token());
      assertThat(proxy.requestCount()).isZero();
    }
  }

  @Test
  void dropsContentLengthBesideChunkedInResponses() {
    Head response = new Head("HTTP/1.1 200 OK", List.of(new Head.Field("Content-Length", "3"),
        new Head.Field("Transfer-Encoding", "chunked")));

    Head toClient = Forwarder.toClient(response);

    assertThat(toClient.values("Content-Length")).isEmpty();
    assertThat(toClient.values("Transfer-Encoding")).containsExactly("chunked");
  }

  @Test
  void passesEachChunkOnAsItComes() throws Exception {
    CountDownLatch clientSawFirstChunk = new CountDownLatch(1);
    try (ServerSocket fakeProxy = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        Relay relay = relay((InetSocketAddress) fakeProxy.getLocalSocketAddress(), PASSWORD)) {
      Thread server = new Thread(() -> streamTwoChunks(fakeProxy, clientSawFirstChunk));
      server.setDaemon(true);
      server.start();
      try (Socket client = connect(relay)) {
        client.getOutputStream().write(("GET http://o.test/events HTTP/1.1\r\nHost: o.test\r\n"
            + Relay.TOKEN_HEADER + ": " + relay.token() + "\r\n\r\n")
            .getBytes(StandardCharsets.ISO_8859_1));

        String seen = readUntil(client.getInputStream(), "first-event");
        clientSawFirstChunk.countDown();

        assertThat(seen).startsWith("HTTP/1.1 200").contains("first-event");
        assertThat(readUntil(client.getInputStream(), "0\r\n\r\n")).contains("last-event");
      }
      server.join(10_000);
    }
  }

  /** A recording fake proxy: answers one request with a chunk, waits, then ends the body. */
  private static void streamTwoChunks(ServerSocket server, CountDownLatch firstSeen) {
    try (Socket socket = server.accept()) {
      socket.setSoTimeout(10_000);
      readUntil(socket.getInputStream(), "\r\n\r\n");
      OutputStream out = socket.getOutputStream();
      out.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nb\r\nfirst-event\r\n"
          .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      if (firstSeen.await(10, TimeUnit.SECONDS)) {
        out.write("a\r\nlast-event\r\n0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
      }
    } catch (IOException | InterruptedException e) {
      // The test fails on its side when the exchange breaks.
    }
  }

  /** Returns what {@code in} delivered up to and including {@code end} (reads are bounded). */
  static String readUntil(InputStream in, String end) throws IOException {
    StringBuilder seen = new StringBuilder();
    while (seen.indexOf(end) < 0) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("Expected '" + end + "', stream ended after: " + seen);
      }
      seen.append((char) b);
    }
    return seen.toString();
  }

  static Relay relay(TestProxy proxy, String password) {
    return relay(proxy.address(), password);
  }

  static ProxyAuthenticator basic(String password) {
    return ProxyAuthenticator.builder()
        .credentials(Credentials.of("alice", password.toCharArray()))
        .schemes(AuthScheme.basic()).build();
  }

  static Relay relay(InetSocketAddress proxy, String password) {
    return Relay.start(new RelayConfig(basic(password), ProxySelector.of(proxy), true,
        Duration.ofSeconds(20), 16));
  }

  /** Sends {@code request} raw and returns everything the relay answers until it closes. */
  static String exchange(Relay relay, String request) throws IOException {
    try (Socket socket = connect(relay)) {
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  static Socket connect(Relay relay) throws IOException {
    InetSocketAddress listener = relay.listenerAddress();
    Socket socket = new Socket();
    socket.connect(listener, 5_000);
    socket.setSoTimeout(10_000);
    return socket;
  }

  /** Returns the relay's open sockets once the count stops falling (bounded: about 5 s). */
  private static int openSocketsOnceSettled(Relay relay) {
    for (int i = 0; i < 100 && relay.openSockets() > 0; i++) {
      LockSupport.parkNanos(50_000_000);
    }
    return relay.openSockets();
  }
}
