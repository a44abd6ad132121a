package io.github.proxyauth.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.proxyauth.spi.AuthRequest;
import io.github.proxyauth.AuthScheme;
import io.github.proxyauth.Credentials;
import io.github.proxyauth.Diagnosis;
import io.github.proxyauth.ProxyAuthException;
import io.github.proxyauth.ProxyAuthenticator;
import io.github.proxyauth.internal.http.HttpProtocolException.Violation;
import io.github.proxyauth.testkit.Fault;
import io.github.proxyauth.testkit.TestProxy;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ProxyHandshakeTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @Test
  void theEnginesAttemptCapIsTheOnlyCapOn407s() throws Exception {
    AtomicInteger rotation = new AtomicInteger();
    ProxyAuthenticator auth = ProxyAuthenticator.builder().schemes(AuthScheme.basic())
        .maxAttempts(40).lockoutProtection(100, Duration.ofSeconds(1))
        .credentials(scope -> Optional.of(Credentials.of("alice",
            ("rotated-" + rotation.incrementAndGet()).toCharArray()))).build();
    try (TestProxy proxy = TestProxy.builder().user("alice", "never").basic("corp")
        .fault(Fault.ENDLESS_407).build()) {
      ProxyAuthException e = catchThrowableOfType(ProxyAuthException.class,
          () -> SocketHandshake.run(auth, connect(proxy.port()), TIMEOUT));

      assertThat(e.diagnosis().map(Diagnosis::reason)).contains(Diagnosis.Reason.TOO_MANY_ATTEMPTS);
      assertThat(proxy.requestCount()).isEqualTo(1 + 40); // past the old separate cap of 32
    }
  }

  @Test
  void aProxyThatClosesBeforeAnsweringIsNoResponse() throws Exception {
    try (TestProxy proxy = TestProxy.builder().fault(Fault.REFUSE_CONNECTIONS).build()) {
      HttpProtocolException e = catchThrowableOfType(HttpProtocolException.class,
          () -> SocketHandshake.run(basic(), connect(proxy.port()), TIMEOUT));

      assertThat(e.violation()).isEqualTo(Violation.NO_RESPONSE);
      assertThat(e.getMessage()).contains("CONNECT").contains("127.0.0.1:" + proxy.port());
    }
  }

  @Test
  void a407PageOverTheDrainCapClosesTheConnectionUnread() throws Exception {
    assertThat(connectionsTo200(ProxyHandshakeTest::hugePageThen200)).isEqualTo(2);
  }

  @Test
  void aProxyDrippingItsAnswerEndsAtTheHandshakeDeadlineNamingTheStep() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      Thread fake = new Thread(() -> drip(server, "HTTP/1.1 407 x\r\nX-Pad: " + "p".repeat(60_000)));
      fake.setDaemon(true);
      fake.start();

      ProxyAuthException e = catchThrowableOfType(ProxyAuthException.class,
          () -> SocketHandshake.run(basic(), connect(server.getLocalPort()), Duration.ofSeconds(2)));

      assertThat(e.diagnosis().map(Diagnosis::reason)).contains(Diagnosis.Reason.PROXY_TIMEOUT);
      assertThat(e.getMessage()).contains("the answer to CONNECT").contains("2 s for the handshake");
    }
  }

  @Test
  void aDrippingPageIsAbandonedAndTheHandshakeGoesOnOnANewConnection() throws Exception {
    assertThat(connectionsTo200(ProxyHandshakeTest::drippingPageThen200)).isEqualTo(2);
  }

  /** Runs a CONNECT handshake against {@code fake}; returns the connections it took to a 200. */
  private static int connectionsTo200(java.util.function.Consumer<ServerSocket> fake)
      throws IOException {
    try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      Thread thread = new Thread(() -> fake.accept(server));
      thread.setDaemon(true);
      thread.start();

      SocketHandshake.Outcome outcome = SocketHandshake.run(basic(), connect(server.getLocalPort()),
          TIMEOUT);
      outcome.socket().close();
      assertThat(outcome.status().code()).isEqualTo(200);
      return outcome.connections();
    }
  }

  /** A fake proxy that sends {@code text} one byte per 50 ms (pacing, not synchronisation). */
  private static void drip(ServerSocket server, String text) {
    try (Socket socket = server.accept()) {
      readHead(socket.getInputStream());
      drip(socket, text);
    } catch (IOException e) {
      // The client closed the connection: the drip ends.
    }
  }

  private static void drip(Socket socket, String text) throws IOException {
    OutputStream out = socket.getOutputStream();
    for (byte b : text.getBytes(StandardCharsets.ISO_8859_1)) {
      out.write(b);
      out.flush();
      java.util.concurrent.locks.LockSupport.parkNanos(50_000_000);
    }
  }

  /** A 407 whose 1000-byte page drips (longer than the drain timeout), then a 200. */
  private static void drippingPageThen200(ServerSocket server) {
    try (Socket first = server.accept()) {
      readHead(first.getInputStream());
      write(first, "HTTP/1.1 407 x\r\nProxy-Authenticate: Basic realm=\"corp\"\r\n"
          + "Content-Length: 1000\r\n\r\n");
      Thread dripper = new Thread(() -> {
        try {
          drip(first, "x".repeat(1000));
        } catch (IOException e) {
          // Closed by the client.
        }
      });
      dripper.setDaemon(true);
      dripper.start();
      try (Socket second = server.accept()) {
        readHead(second.getInputStream());
        write(second, "HTTP/1.1 200 Connection established\r\n\r\n");
      }
    } catch (IOException e) {
      // The test fails on its side.
    }
  }

  /**
   * A recording fake proxy: a 407 announcing a 1 GiB page it never sends (a drain would hang
   * until the timeout), then a 200 on the next connection.
   */
  private static void hugePageThen200(ServerSocket server) {
    try (Socket first = server.accept()) {
      readHead(first.getInputStream());
      write(first, "HTTP/1.1 407 x\r\nProxy-Authenticate: Basic realm=\"corp\"\r\n"
          + "Content-Length: 1073741824\r\n\r\n");
      try (Socket second = server.accept()) {
        readHead(second.getInputStream());
        write(second, "HTTP/1.1 200 Connection established\r\n\r\n");
      }
    } catch (IOException e) {
      // The test fails on its side.
    }
  }

  private static void readHead(InputStream in) throws IOException {
    for (int last4 = 0; last4 != 0x0d0a0d0a; ) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("closed");
      }
      last4 = (last4 << 8) | b;
    }
  }

  private static void write(Socket socket, String text) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(text.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  private static ProxyAuthenticator basic() {
    return ProxyAuthenticator.builder().schemes(AuthScheme.basic())
        .credentials(Credentials.of("alice", "pw".toCharArray())).build();
  }

  private static AuthRequest connect(int port) {
    return AuthRequest.connect("127.0.0.1", port, "origin.test", 443);
  }
}
