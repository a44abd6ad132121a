package io.github.proxyauth.relay.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.proxyauth.AuthScheme;
import io.github.proxyauth.Credentials;
import io.github.proxyauth.ProxyAuthenticator;
import io.github.proxyauth.internal.http.Head;
import io.github.proxyauth.relay.AccessLogEntry;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** Client addresses and the local credential: who may use a local proxy. */
class ClientAccessTest {
  static final String PASSWORD = "canary-access-Pw-2291";
  static final ClientAccess ACCESS = ClientAccess.loopbackOnly().allowing("10.0.0.0/8")
      .allowing("192.168.1.7").allowing("fd00::/8").withCredential("me", PASSWORD.toCharArray());

  @Test
  void admitsLoopbackAndTheAllowedRangesOnly() throws Exception {
    for (String yes : List.of("127.0.0.1", "127.9.9.9", "::1", "10.200.3.4", "192.168.1.7",
        "fd12::5")) {
      assertThat(ACCESS.admits(InetAddress.getByName(yes))).as(yes).isTrue();
    }
    for (String no : List.of("11.0.0.1", "192.168.1.8", "fe80::1", "2001:db8::1",
        "::ffff:11.0.0.1")) {
      assertThat(ACCESS.admits(InetAddress.getByName(no))).as(no).isFalse();
    }
    assertThat(ACCESS.allow()).containsExactly("10.0.0.0/8", "192.168.1.7", "fd00::/8");
    assertThat(ACCESS.toString()).contains("10.0.0.0/8", "local user me")
        .doesNotContain(PASSWORD);
  }

  @Test
  void refusesEntriesThatAreNotAddressesOrRanges() {
    for (String bad : List.of("", "10.0.0.0/", "10.0.0.0/33", "fd00::/129", "10.*",
        "host.example", "10.0.0.0/8/8", "300.1.1.1")) {
      assertThatThrownBy(() -> ClientAccess.loopbackOnly().allowing(bad)).as(bad)
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Expected");
    }
  }

  @Test
  void checksTheLocalCredentialInAnyBasicSpelling() {
    String token = Base64.getEncoder().encodeToString(("me:" + PASSWORD)
        .getBytes(StandardCharsets.UTF_8));
    assertThat(ACCESS.presentsCredential(head("Basic " + token))).isTrue();
    assertThat(ACCESS.presentsCredential(head("basic  " + token + " "))).isTrue();
    assertThat(ACCESS.presentsCredential(head("Basic " + token + "x"))).isFalse();
    assertThat(ACCESS.presentsCredential(head("Bearer " + token))).isFalse();
    assertThat(ACCESS.presentsCredential(head(null))).isFalse();
    assertThat(ClientAccess.loopbackOnly().presentsCredential(head(null))).isTrue();
  }

  @Property
  void noOtherHeaderValuePassesOrThrows(@ForAll String value) {
    String right = "Basic " + Base64.getEncoder().encodeToString(("me:" + PASSWORD)
        .getBytes(StandardCharsets.UTF_8));
    String clean = value.replaceAll("[\\r\\n]", "");
    assertThat(ACCESS.presentsCredential(head(clean))).isEqualTo(clean.strip().equals(right));
  }

  @Test
  void closesClientsOutsideTheAllowListAtAcceptWithOneRateLimitedWarning() throws Exception {
    List<String> warnings = new CopyOnWriteArrayList<>();
    Handler handler = new Handler() {
      @Override
      public void publish(LogRecord r) {
        warnings.add(r.getMessage());
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    Logger logger = Logger.getLogger("io.github.proxyauth.relay");
    logger.addHandler(handler);
    List<AccessLogEntry> entries = new CopyOnWriteArrayList<>();
    ProxyAuthenticator engine = ProxyAuthenticator.builder()
        .credentials(Credentials.of("alice", PASSWORD.toCharArray()))
        .schemes(AuthScheme.basic()).build();
    // Loopback itself is not allowed here, so the test's own connections are the outsiders.
    RelayConfig config = new RelayConfig(engine, ProxySelector.of(null), false,
        Duration.ofSeconds(20), 16, RelayConfig.HANDSHAKE_TIMEOUT,
        ClientAccess.withoutLoopback().allowing("192.0.2.0/24"), Optional.empty());
    try (Relay relay = Relay.listen(config,
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), entries::add)) {
      for (int i = 0; i < 3; i++) {
        try (Socket socket = new Socket()) {
          socket.connect(relay.listenerAddress(), 5_000);
          socket.setSoTimeout(10_000);
          socket.getOutputStream().write(("GET http://o.test/ HTTP/1.1\r\nHost: o.test\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
          InputStream in = socket.getInputStream();
          assertThat(readQuietly(in)).isEqualTo(-1);
        }
      }
      assertThat(relay.stats().refusedConnections()).isEqualTo(3);
      assertThat(entries).isEmpty();
    } finally {
      logger.removeHandler(handler);
    }
    assertThat(warnings).filteredOn(w -> w.contains("outside loopback and the allow list"))
        .hasSize(1).allMatch(w -> w.contains("127.0.0.1"));
  }

  /** Returns the first byte, or -1 at the end or when the peer reset the connection. */
  private static int readQuietly(InputStream in) {
    try {
      return in.read();
    } catch (java.io.IOException e) {
      return -1;
    }
  }

  private static Head head(String authorization) {
    return new Head("GET http://o.test/ HTTP/1.1", authorization == null
        ? List.of(new Head.Field("Host", "o.test"))
        : List.of(new Head.Field("Host", "o.test"),
            new Head.Field("Proxy-Authorization", authorization)));
  }
}
