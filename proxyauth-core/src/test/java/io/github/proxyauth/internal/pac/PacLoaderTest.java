package io.github.proxyauth.internal.pac;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.github.proxyauth.ProxyAuthException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Loading PAC scripts over HTTP from a loopback server. */
class PacLoaderTest {
  private static final String SCRIPT = "function FindProxyForURL(url, host) { return 'DIRECT'; }";
  private HttpServer server;
  private final AtomicInteger requests = new AtomicInteger();

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/proxy.pac", exchange -> reply(exchange, 200, SCRIPT.getBytes(StandardCharsets.UTF_8)));
    server.createContext("/missing.pac", exchange -> reply(exchange, 404, new byte[0]));
    server.createContext("/huge.pac", exchange -> reply(exchange, 200, new byte[PacLoader.MAX_BYTES + 1]));
    server.start();
  }

  private void reply(com.sun.net.httpserver.HttpExchange exchange, int status, byte[] body) throws java.io.IOException {
    requests.incrementAndGet();
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  @Test
  void loadsAScriptOverHttpOnce() throws Exception {
    assertThat(PacLoader.load(uri("/proxy.pac"), Duration.ofSeconds(5))).isEqualTo(SCRIPT);
    assertThat(requests).hasValue(1);
  }

  @Test
  void refusesANon200Answer() {
    assertThatThrownBy(() -> PacLoader.load(uri("/missing.pac"), Duration.ofSeconds(5)))
        .isInstanceOf(ProxyAuthException.class)
        .hasMessage("Cannot load PAC script from " + uri("/missing.pac")
            + ": expected HTTP status 200 but saw 404");
  }

  @Test
  void refusesAScriptOverTheSizeCap() {
    assertThatThrownBy(() -> PacLoader.load(uri("/huge.pac"), Duration.ofSeconds(5)))
        .isInstanceOf(ProxyAuthException.class)
        .hasMessageContaining("is larger than the limit of 1048576 bytes");
  }

  @Test
  void refusesOtherSchemes() {
    assertThatThrownBy(() -> PacLoader.load(URI.create("ftp://h.example/p.pac"), Duration.ofSeconds(5)))
        .hasMessage("Cannot load PAC script from ftp://h.example/p.pac: expected a file:, http: or"
            + " https: URL but saw scheme 'ftp'");
  }

  @Test
  void displayDropsUserinfoAndQuery() {
    assertThat(PacLoader.display(URI.create("http://u:secret@h.example:8080/p.pac?token=secret")))
        .isEqualTo("http://h.example:8080/p.pac");
  }
}
