package io.github.proxyauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.github.proxyauth.testkit.TestProxy;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import okhttp3.tls.HandshakeCertificates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code proxyauth serve} in-process: start, serve through the test kit proxy, refuse, stop. */
class ServeTest {
  static final Map<String, String> ENV = Map.of("PW", Cli.PASSWORD);
  static final SSLContext TRUST = new HandshakeCertificates.Builder()
      .addTrustedCertificate(Cli.CERT.certificate()).build().sslContext();
  @TempDir Path dir;
  DemoOrigin http;
  DemoOrigin https;

  @BeforeEach
  void origins() throws Exception {
    http = DemoOrigin.http();
    https = Cli.httpsOrigin();
  }

  @AfterEach
  void close() {
    http.close();
    https.close();
  }

  static String[] upstream(TestProxy proxy, String scheme, String... more) {
    List<String> args = new java.util.ArrayList<>(List.of("--listen", "127.0.0.1:0",
        "--proxy", proxy.url().toString(), "--user", Cli.user(scheme), "--password-env", "PW"));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  @ParameterizedTest
  @ValueSource(strings = {"basic", "digest", "ntlm"})
  void servesPlainAndTunnelledRequestsThroughTheUpstreamThenStopsWithExitZero(String scheme)
      throws Exception {
    try (TestProxy proxy = Cli.proxy(scheme);
        ServeRun serve = ServeRun.start(ENV, upstream(proxy, scheme))) {
      HttpClient client = serve.client(TRUST);

      HttpResponse<String> plain = ServeRun.get(client, http.url());
      HttpResponse<String> tunnelled = ServeRun.get(client, https.url());

      assertThat(plain.statusCode()).isEqualTo(200);
      assertThat(plain.body()).isEqualTo(DemoOrigin.GREETING);
      assertThat(tunnelled.body()).isEqualTo(DemoOrigin.GREETING);
      assertThat(serve.stop()).isZero();
      Cli.assertNoSecrets(new Cli.Result(0, serve.out.text(), serve.err.text()), proxy);
    }
  }

  @Test
  void startUpLineNamesAddressRouteAndSchemesInOneLine() throws Exception {
    try (TestProxy proxy = Cli.proxy("basic");
        ServeRun serve = ServeRun.start(ENV, upstream(proxy, "basic", "--scheme", "basic",
            "--access-log", "none"))) {
      List<String> lines = serve.out.text().lines().toList();

      assertThat(lines).hasSize(1);
      assertThat(lines.get(0)).startsWith("proxyauth serve: listening on 127.0.0.1:"
          + serve.proxyAddress().getPort() + " (loopback only); route: https://example.com:443"
          + " via proxy 127.0.0.1:" + proxy.port() + " (EXPLICIT); schemes: basic (credentials:"
          + " --user alice").contains("access log off", "signals: test");
      assertThat(serve.stop()).isZero();
    }
  }

  @Test
  void refusesANonLoopbackListenWithoutAllow() {
    Cli.Result result = ServeRun.refused(Map.of(), "--listen", "0.0.0.0:0",
        "--proxy", "http://127.0.0.1:1");

    assertThat(result.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.flatErr()).contains("serve: expected --allow CIDR with the non-loopback"
        + " --listen 0.0.0.0:0", "but saw no --allow", "proxyauth serve --help");
  }

  @Test
  void refusesANonLoopbackAdmin() {
    Cli.Result result = ServeRun.refused(Map.of(), "--listen", "127.0.0.1:0",
        "--admin", "0.0.0.0:0");

    assertThat(result.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.flatErr()).contains("expected a loopback --admin");
  }

  @Test
  void gatewayModeWarnsLoudly() throws Exception {
    try (TestProxy proxy = Cli.proxy("basic");
        ServeRun serve = ServeRun.start(ENV, upstream(proxy, "basic", "--listen", "0.0.0.0:0",
            "--allow", "10.0.0.0/8", "--allow", "192.168.1.7"))) {
      assertThat(serve.err.text()).contains("WARNING: GATEWAY MODE: clients from 10.0.0.0/8,"
          + " 192.168.1.7 can use this proxy", "without a local password");
      assertThat(serve.out.text()).contains("(gateway for 10.0.0.0/8, 192.168.1.7)");
      assertThat(serve.stop()).isZero();
    }
  }

  @Test
  void configFileErrorsExitSixNamingFileLineAndKey() throws Exception {
    Path config = Files.writeString(dir.resolve("serve.properties"),
        "listen=127.0.0.1:0\nproxi=http://p.example:3128\n");
    Cli.Result result = ServeRun.refused(Map.of(), "--config", config.toString());

    assertThat(result.exit()).isEqualTo(ExitCodes.CONFIG);
    assertThat(result.flatErr()).contains(config + ":2: proxi: unknown key");
  }

  @Test
  void accessLogHasOneLineWithEveryFieldAndNoSecret() throws Exception {
    Path log = dir.resolve("access.log");
    try (TestProxy proxy = Cli.proxy("basic");
        ServeRun serve = ServeRun.start(ENV, upstream(proxy, "basic", "--access-log",
            log.toString()))) {
      HttpClient client = serve.client(TRUST);
      ServeRun.get(client, URI.create(http.url() + "?token=" + Cli.WRONG));
      ServeRun.get(client, https.url());
      assertThat(serve.stop()).isZero();

      List<String> lines = Files.readAllLines(log);
      assertThat(lines).hasSize(2);
      assertThat(lines.get(0)).matches("\\d{4}-\\d\\d-\\d\\dT\\S+Z client=127\\.0\\.0\\.1:\\d+"
          + " method=GET target=http://127\\.0\\.0\\.1:\\d+/hello route=\"proxy 127\\.0\\.0\\.1:"
          + proxy.port() + "\" why=\\S.* scheme=basic status=200 bytes=\\d+ bytes_in=\\d+"
          + " ms=\\d+ failure=-");
      assertThat(lines.get(1)).contains(" method=CONNECT target=https://127.0.0.1:",
          " scheme=basic status=200 ");
      String everything = String.join("\n", lines) + serve.all();
      assertThat(everything).doesNotContain(Cli.PASSWORD, Cli.WRONG, "token");
      Cli.assertNoSecrets(new Cli.Result(0, String.join("\n", lines), serve.all()), proxy);
    }
  }

  @Test
  void stopDrainsARequestInFlight() throws Exception {
    CountDownLatch arrived = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    HttpServer slow = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(),
        0), 0);
    slow.createContext("/slow", exchange -> {
      arrived.countDown();
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      byte[] body = "finished".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    slow.start();
    try (TestProxy proxy = Cli.proxy("basic");
        ServeRun serve = ServeRun.start(ENV, upstream(proxy, "basic"))) {
      URI uri = URI.create("http://127.0.0.1:" + slow.getAddress().getPort() + "/slow");
      CompletableFuture<HttpResponse<String>> inFlight = CompletableFuture.supplyAsync(() -> {
        try {
          return ServeRun.get(serve.client(TRUST), uri);
        } catch (Exception e) {
          throw new java.util.concurrent.CompletionException(e);
        }
      });
      assertThat(arrived.await(30, TimeUnit.SECONDS)).isTrue();

      serve.requestStop();
      serve.err.await("proxyauth serve: draining");
      release.countDown();

      assertThat(inFlight.get(30, TimeUnit.SECONDS).body()).isEqualTo("finished");
      assertThat(serve.exitCode()).isZero();
      assertThat(serve.err.text()).contains("stopped after draining in-flight requests");
    } finally {
      release.countDown();
      slow.stop(0);
    }
  }
}
