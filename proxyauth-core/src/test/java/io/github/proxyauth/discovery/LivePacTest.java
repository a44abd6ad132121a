package io.github.proxyauth.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.proxyauth.Credentials;
import io.github.proxyauth.ProxyAuthException;
import io.github.proxyauth.ProxyAuthenticator;
import io.github.proxyauth.SettableClock;
import io.github.proxyauth.preflight.Preflight;
import io.github.proxyauth.preflight.PreflightReport;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PAC scripts follow their file or URL: an edit takes effect without a restart. */
class LivePacTest {
  static final URI TARGET = URI.create("https://app.example/");
  final SettableClock clock = new SettableClock(Instant.parse("2026-12-03T06:00:00Z"),
      ZoneOffset.UTC);
  @TempDir Path dir;

  static String script(String result) {
    return "function FindProxyForURL(url, host) { return '" + result + "'; }";
  }

  Path pacFile(String result) throws IOException {
    return Files.writeString(dir.resolve("proxy.pac"), script(result));
  }

  PacScript.Builder builder() {
    return PacScript.builder().clock(clock).refreshInterval(Duration.ofSeconds(30));
  }

  @Test
  void editedFileTakesEffectOnceTheIntervalPassed() throws Exception {
    Path file = pacFile("PROXY a.test:3128");
    PacScript pac = builder().file(file).build();
    assertThat(pac.findProxyForUrl(TARGET)).isEqualTo("PROXY a.test:3128");

    Files.writeString(file, script("PROXY bb.test:8080; DIRECT"));
    clock.advance(Duration.ofSeconds(29));
    assertThat(pac.findProxyForUrl(TARGET)).isEqualTo("PROXY a.test:3128");
    clock.advance(Duration.ofSeconds(1));

    assertThat(pac.findProxyForUrl(TARGET)).isEqualTo("PROXY bb.test:8080; DIRECT");
  }

  @Test
  void refreshChecksNowAndSaysWhetherTheScriptChanged() throws Exception {
    Path file = pacFile("PROXY a.test:3128");
    PacScript pac = builder().file(file).build();

    assertThat(pac.refresh()).isFalse();
    Files.writeString(file, script("PROXY c.test:1"));
    assertThat(pac.refresh()).isTrue();
    assertThat(pac.findProxyForUrl(TARGET)).isEqualTo("PROXY c.test:1");
  }

  @Test
  void brokenEditFailsEveryEvaluationAndPreflightUntilFixed() throws Exception {
    Path file = pacFile("PROXY a.test:3128");
    PacScript pac = builder().file(file).build();
    ProxyDiscovery discovery = ProxyDiscovery.builder().pac(pac).build();
    Files.writeString(file, "function FindProxyForURL(url, host) { return 'PROXY a.test:1' ");
    assertThat(pac.refresh()).isTrue();

    assertThatThrownBy(() -> pac.findProxyForUrl(TARGET)).isInstanceOf(ProxyAuthException.class)
        .hasMessageContaining("changed and the new version fails");
    PreflightReport report = Preflight.of(ProxyAuthenticator.builder()
        .credentials(Credentials.of("alice", "x".toCharArray())).build(), discovery)
        .check(TARGET);
    assertThat(report.outcome()).isEqualTo(PreflightReport.Outcome.CONFIGURATION_ERROR);

    Files.writeString(file, script("PROXY fixed.test:3128"));
    assertThat(pac.refresh()).isTrue();
    assertThat(discovery.explain(TARGET).failed()).isFalse();
    assertThat(pac.findProxyForUrl(TARGET)).isEqualTo("PROXY fixed.test:3128");
  }

  @Test
  void deletedFileKeepsTheLastVersion() throws Exception {
    Path file = pacFile("PROXY a.test:3128");
    PacScript pac = builder().file(file).build();
    Files.delete(file);

    assertThatThrownBy(pac::refresh).isInstanceOf(ProxyAuthException.class);
    clock.advance(Duration.ofMinutes(1));
    assertThat(pac.findProxyForUrl(TARGET)).isEqualTo("PROXY a.test:3128");
  }

  @Test
  void urlIsRevalidatedWithItsEtagAndReloadedWhenItChanges() throws Exception {
    try (PacServer server = new PacServer(true)) {
      server.serve(script("PROXY one.test:3128"), "\"v1\"");
      PacScript pac = builder().url(server.url()).build();
      assertThat(pac.findProxyForUrl(TARGET)).isEqualTo("PROXY one.test:3128");

      clock.advance(Duration.ofSeconds(30));
      assertThat(pac.findProxyForUrl(TARGET)).isEqualTo("PROXY one.test:3128");
      assertThat(server.conditions()).containsExactly("", "If-None-Match: \"v1\"");
      assertThat(server.statuses()).containsExactly(200, 304);

      server.serve(script("PROXY two.test:3128"), "\"v2\"");
      clock.advance(Duration.ofSeconds(30));
      assertThat(pac.findProxyForUrl(TARGET)).isEqualTo("PROXY two.test:3128");
      assertThat(server.statuses()).containsExactly(200, 304, 200);
    }
  }

  @Test
  void urlWithOnlyLastModifiedIsRevalidatedWithIt() throws Exception {
    try (PacServer server = new PacServer(false)) {
      server.serve(script("PROXY one.test:3128"), "");
      PacScript pac = builder().url(server.url()).build();

      assertThat(pac.refresh()).isFalse();
      assertThat(server.conditions()).containsExactly("",
          "If-Modified-Since: " + PacServer.LAST_MODIFIED);
    }
  }

  @Test
  void unreachableUrlKeepsTheLastVersion() throws Exception {
    PacScript pac;
    try (PacServer server = new PacServer(true)) {
      server.serve(script("PROXY one.test:3128"), "\"v1\"");
      pac = builder().url(server.url()).build();
    }
    assertThatThrownBy(pac::refresh).isInstanceOf(ProxyAuthException.class);
    clock.advance(Duration.ofMinutes(1));
    assertThat(pac.findProxyForUrl(TARGET)).isEqualTo("PROXY one.test:3128");
  }

  /** A loopback HTTP server for one PAC script with validators; records each request. */
  static final class PacServer implements AutoCloseable {
    static final String LAST_MODIFIED = "Thu, 03 Dec 2026 06:00:00 GMT";
    final HttpServer server;
    final boolean etags;
    final AtomicReference<String[]> current = new AtomicReference<>();
    final List<String> conditions = new CopyOnWriteArrayList<>();
    final List<Integer> statuses = new CopyOnWriteArrayList<>();

    PacServer(boolean etags) throws IOException {
      this.etags = etags;
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext("/proxy.pac", this::handle);
      server.start();
    }

    void serve(String text, String etag) {
      current.set(new String[] {text, etag});
    }

    URI url() {
      return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/proxy.pac");
    }

    List<String> conditions() {
      return conditions;
    }

    List<Integer> statuses() {
      return statuses;
    }

    private void handle(HttpExchange exchange) throws IOException {
      String[] now = current.get();
      Optional<String> ifNoneMatch = Optional.ofNullable(
          exchange.getRequestHeaders().getFirst("If-None-Match"));
      Optional<String> ifModified = Optional.ofNullable(
          exchange.getRequestHeaders().getFirst("If-Modified-Since"));
      conditions.add(ifNoneMatch.map(v -> "If-None-Match: " + v)
          .or(() -> ifModified.map(v -> "If-Modified-Since: " + v)).orElse(""));
      boolean unchanged = etags ? ifNoneMatch.equals(Optional.of(now[1]))
          : ifModified.equals(Optional.of(LAST_MODIFIED));
      if (etags) {
        exchange.getResponseHeaders().set("ETag", now[1]);
      } else {
        exchange.getResponseHeaders().set("Last-Modified", LAST_MODIFIED);
      }
      byte[] body = now[0].getBytes(StandardCharsets.UTF_8);
      statuses.add(unchanged ? 304 : 200);
      exchange.sendResponseHeaders(unchanged ? 304 : 200, unchanged ? -1 : body.length);
      if (!unchanged) {
        exchange.getResponseBody().write(body);
      }
      exchange.close();
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }
}
