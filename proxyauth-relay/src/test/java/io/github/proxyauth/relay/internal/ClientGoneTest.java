package io.github.proxyauth.relay.internal;

import static io.github.proxyauth.relay.internal.ForwarderTest.connect;
import static io.github.proxyauth.relay.internal.ForwarderTest.readUntil;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyauth.AuthScheme;
import io.github.proxyauth.Credentials;
import io.github.proxyauth.ProxyAuthenticator;
import io.github.proxyauth.relay.internal.HostileUpstream.Behaviour;
import io.github.proxyauth.testkit.RawProxy;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ProxySelector;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 16, item 1: when the client side of a relay connection goes away while the relay works
 * upstream for it, that work stops soon, not at the handshake deadline (30 s here) or the idle
 * timeout (60 s here). Each scenario prints how long after the client's close the hostile proxy saw
 * its last connection closed and the relay had no socket left; the assertions are bounded waits of
 * {@link #BOUND_MILLIS}, well under every deadline that would otherwise end the work.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClientGoneTest {
  /** The longest wait for the relay to let go; every other deadline in play is longer. */
  static final long BOUND_MILLIS = 4_000;
  private static final String PASSWORD = "canary-gone-Pw-3317";

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
      "SILENT, CONNECT", "SILENT, GET", "SILENT, POST",
      "DRIPPED_407_HEAD, CONNECT", "DRIPPED_407_HEAD, GET",
      "DRIPPED_407_BODY, CONNECT", "DRIPPED_407_BODY, GET",
      "SLOW_407_ROUNDS, CONNECT", "SLOW_407_ROUNDS, GET",
      "SILENT_200_BODY, GET", "ENDLESS_200_BODY, GET"})
  void upstreamWorkStopsSoonAfterTheClientCloses(Behaviour behaviour, String method)
      throws Exception {
    try (RawProxy proxy = HostileUpstream.start(behaviour);
        Relay relay = Relay.start(new RelayConfig(rotating(), ProxySelector.of(proxy.address()),
            true, Duration.ofSeconds(60), 16))) {
      Socket client = connect(relay);
      client.getOutputStream().write(request(relay, method).getBytes(StandardCharsets.ISO_8859_1));
      client.getOutputStream().flush();
      assertThat(proxy.awaitRequest(Duration.ofSeconds(10))).as("the request reached the proxy").isTrue();
      if (behaviour == Behaviour.SILENT_200_BODY || behaviour == Behaviour.ENDLESS_200_BODY) {
        readUntil(client.getInputStream(), "\r\n\r\n"); // the response started
      }

      long closed = System.nanoTime();
      client.close();

      long upstreamMs = awaitMillis(closed, () -> proxy.openConnections() == 0
          ? Optional.of(proxy.lastClosedNanos()) : Optional.empty());
      long relayMs = awaitMillis(closed, () -> relay.openSockets() == 0
          ? Optional.of(System.nanoTime()) : Optional.empty());
      System.out.printf("proxyauth client-gone %s %s: upstream closed %d ms, relay free %d ms"
          + " after the client closed (%d upstream connections)%n", behaviour, method,
          upstreamMs, relayMs, proxy.connections());
      assertThat(upstreamMs).as("upstream connection open after the client left").isNotNegative();
      assertThat(relayMs).as("relay sockets open after the client left").isNotNegative();
    }
  }

  /**
   * Issue 16, 2d: a client that half-closes after its request ({@code printf ... | nc -q}) still
   * reads; it gets its response, unchanged by the relay's urgent-byte probes, where a full close
   * ends the work (above).
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource({"GET", "CONNECT"})
  void aHalfClosedClientThatStillReadsGetsItsResponse(String method) throws Exception {
    try (RawProxy proxy = HostileUpstream.start(Behaviour.LATE_200);
        Relay relay = Relay.start(new RelayConfig(rotating(), ProxySelector.of(proxy.address()),
            true, Duration.ofSeconds(60), 16))) {
      Socket client = connect(relay);
      client.setSoTimeout(10_000);
      client.getOutputStream().write(request(relay, method).getBytes(StandardCharsets.ISO_8859_1));
      client.shutdownOutput();

      String reply = new String(client.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);

      assertThat(reply).startsWith("HTTP/1.1 200 ");
      if (method.equals("GET")) {
        assertThat(reply).endsWith("\r\n\r\nlate");
      }
      client.close();
    }
  }

  @Test
  void aPeerThatStopsReadingTheBodyEndsAtTheIdleTimeout() throws Exception {
    try (RawProxy origin = HostileUpstream.start(Behaviour.STOPS_READING);
        Relay relay = Relay.start(new RelayConfig(rotating(), ProxySelector.of(null), true,
            Duration.ofSeconds(2), 16))) {
      Socket client = connect(relay);
      client.setSoTimeout(10_000);
      Thread writer = uploadForever(client, relay, origin);

      String reply = readReply(client.getInputStream());

      assertThat(reply).startsWith("HTTP/1.1 504").contains("stopped reading");
      client.close();
      writer.join(10_000);
      assertThat(awaitMillis(System.nanoTime(), () -> relay.openSockets() == 0
          ? Optional.of(System.nanoTime()) : Optional.empty())).isNotNegative();
    }
  }

  /**
   * Issue 16, 2c: while the request is being sent (the handshake step), a write to a peer that
   * stopped reading ends at the handshake deadline (2 s here), not at the idle timeout (60 s).
   */
  @Test
  void aPeerThatStopsReadingMidRequestEndsAtTheHandshakeDeadline() throws Exception {
    try (RawProxy origin = HostileUpstream.start(Behaviour.STOPS_READING);
        Relay relay = Relay.start(new RelayConfig(rotating(), ProxySelector.of(null), true,
            Duration.ofSeconds(60), 16, Duration.ofSeconds(2)))) {
      Socket client = connect(relay);
      client.setSoTimeout(10_000); // under the idle timeout: only the handshake bound answers
      uploadForever(client, relay, origin);

      String reply = readReply(client.getInputStream());

      assertThat(reply).startsWith("HTTP/1.1 504").contains("stopped reading", "2000 ms");
      client.close();
    }
  }

  /**
   * Issue 16, 2c: a client that stops reading its response holds the relay's write to it only
   * for the idle timeout (2 s here); then the relay closes both sides.
   */
  @Test
  void aClientThatStopsReadingTheResponseIsLetGoAtTheIdleTimeout() throws Exception {
    try (RawProxy proxy = HostileUpstream.start(Behaviour.ENDLESS_200_BODY);
        Relay relay = Relay.start(new RelayConfig(rotating(), ProxySelector.of(proxy.address()),
            true, Duration.ofSeconds(2), 16))) {
      Socket client = connect(relay);
      client.getOutputStream().write(request(relay, "GET").getBytes(StandardCharsets.ISO_8859_1));
      client.getOutputStream().flush();
      assertThat(proxy.awaitRequest(Duration.ofSeconds(10))).isTrue();
      long since = System.nanoTime(); // the client never reads from here on

      long upstreamMs = awaitMillis(since, () -> proxy.openConnections() == 0
          ? Optional.of(proxy.lastClosedNanos()) : Optional.empty());
      long relayMs = awaitMillis(since, () -> relay.openSockets() == 0
          ? Optional.of(System.nanoTime()) : Optional.empty());
      System.out.printf("proxyauth client-stops-reading: upstream closed %d ms, relay free %d ms"
          + " (idle timeout 2000 ms)%n", upstreamMs, relayMs);
      assertThat(upstreamMs).as("upstream connection open while the client does not read")
          .isNotNegative();
      assertThat(relayMs).isNotNegative();
      client.close();
    }
  }

  /**
   * Issue 16, 2c, the documented bound of an established tunnel: a write blocked on a peer that
   * stopped reading ends once no byte moved either way for the idle timeout (1 s here; at most
   * twice that after the last byte moved).
   */
  @Test
  void aTunnelPeerThatStopsReadingEndsAtTheIdleTimeout() throws Exception {
    try (RawProxy proxy = HostileUpstream.start(Behaviour.STOPS_READING_AFTER_200);
        Relay relay = Relay.start(new RelayConfig(rotating(), ProxySelector.of(proxy.address()),
            true, Duration.ofSeconds(1), 16))) {
      Socket client = connect(relay);
      client.getOutputStream().write(request(relay, "CONNECT")
          .getBytes(StandardCharsets.ISO_8859_1));
      readUntil(client.getInputStream(), "\r\n\r\n"); // established
      OutputStream out = client.getOutputStream();
      Thread writer = new Thread(() -> writeAll(out, new byte[1 << 20], 64));
      writer.setDaemon(true);
      writer.start();
      long since = System.nanoTime();

      // The proxy never reads, so it cannot see the close: the relay's sockets tell.
      long relayMs = awaitMillis(since, () -> relay.openSockets() == 0
          ? Optional.of(System.nanoTime()) : Optional.empty());
      System.out.printf("proxyauth tunnel-peer-stops-reading: relay free %d ms after the"
          + " client started writing (idle timeout 1000 ms)%n", relayMs);
      assertThat(relayMs).as("tunnel open to a peer that stopped reading").isNotNegative();
      client.close();
      writer.join(10_000);
    }
  }

  static ProxyAuthenticator rotating() {
    AtomicInteger version = new AtomicInteger();
    return ProxyAuthenticator.builder().schemes(AuthScheme.basic()).maxAttempts(40)
        .lockoutProtection(1_000, Duration.ofSeconds(1))
        .credentials(scope -> Optional.of(Credentials.of("alice",
            (PASSWORD + version.incrementAndGet()).toCharArray()))).build();
  }

  static String request(Relay relay, String method) {
    String token = Relay.TOKEN_HEADER + ": " + relay.token() + "\r\n";
    return switch (method) {
      case "CONNECT" -> "CONNECT o.test:443 HTTP/1.1\r\nHost: o.test:443\r\n" + token + "\r\n";
      case "POST" -> "POST http://o.test/p HTTP/1.1\r\nHost: o.test\r\n" + token
          + "Content-Length: 5\r\n\r\nhello";
      default -> method + " http://o.test/ HTTP/1.1\r\nHost: o.test\r\n" + token + "\r\n";
    };
  }

  interface Probe {
    Optional<Long> doneAt();
  }

  /**
   * Waits at most {@link #BOUND_MILLIS} for {@code probe}; returns the ms from {@code since} to
   * when it reported done, or -1 when it did not within the bound.
   */
  static long awaitMillis(long since, Probe probe) {
    long end = since + TimeUnit.MILLISECONDS.toNanos(BOUND_MILLIS);
    while (System.nanoTime() - end < 0) {
      Optional<Long> at = probe.doneAt();
      if (at.isPresent()) {
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(at.get() - since));
      }
      LockSupport.parkNanos(5_000_000L); // polling a count: the bound is the wait, not this
    }
    return -1;
  }

  /** Starts a 64 MiB POST to {@code origin} (DIRECT: no probe first) on a daemon thread. */
  private static Thread uploadForever(Socket client, Relay relay, RawProxy origin)
      throws IOException {
    byte[] megabyte = new byte[1024 * 1024];
    OutputStream out = client.getOutputStream();
    String host = "127.0.0.1:" + origin.address().getPort();
    out.write(("POST http://" + host + "/upload HTTP/1.1\r\nHost: " + host + "\r\n"
        + Relay.TOKEN_HEADER + ": " + relay.token() + "\r\nProxy-Connection: keep-alive\r\n"
        + "Content-Length: " + 64 * megabyte.length + "\r\n\r\n")
        .getBytes(StandardCharsets.ISO_8859_1));
    Thread writer = new Thread(() -> writeAll(out, megabyte, 64));
    writer.setDaemon(true);
    writer.start();
    return writer;
  }

  private static void writeAll(OutputStream out, byte[] block, int times) {
    try {
      for (int i = 0; i < times; i++) {
        out.write(block);
      }
    } catch (IOException e) {
      // the relay gave up on the upload: expected
    }
  }

  private static String readReply(InputStream in) throws IOException {
    try {
      return readUntil(in, "\r\n\r\n");
    } catch (IOException e) {
      return "(closed: " + e + ")";
    }
  }
}
