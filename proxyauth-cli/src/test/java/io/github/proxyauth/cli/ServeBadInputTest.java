package io.github.proxyauth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.proxyauth.testkit.Fault;
import io.github.proxyauth.testkit.TestProxy;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code serve} facing bad input: a TLS client on the plain port, failing PAC scripts, an
 * upstream that loops 407, a dead upstream, and canary secrets that must show up nowhere.
 */
class ServeBadInputTest {
  static final String LOCAL_PASSWORD = "canary-Local-Pw-7301";
  static final String QUERY_SECRET = "canary-query-5520";
  @TempDir Path dir;
  DemoOrigin http;

  @BeforeEach
  void origin() throws Exception {
    http = DemoOrigin.http();
  }

  @AfterEach
  void close() {
    http.close();
  }

  @Test
  void aTlsClientOnThePlainPortGetsOneClearLine() throws Exception {
    Path log = dir.resolve("access.log");
    try (TestProxy proxy = Cli.proxy("basic");
        ServeRun serve = ServeRun.start(ServeTest.ENV, ServeTest.upstream(proxy, "basic",
            "--access-log", log.toString()))) {
      InetSocketAddress address = serve.proxyAddress();
      try (SSLSocket tls = (SSLSocket) ServeTest.TRUST.getSocketFactory().createSocket(
          address.getAddress(), address.getPort())) {
        tls.setSoTimeout(30_000);
        assertThatThrownBy(tls::startHandshake).isInstanceOf(IOException.class);
      }
      serve.err.await("spoke TLS");
      assertThat(serve.stop()).isZero();

      String port = "127.0.0.1:" + address.getPort();
      assertThat(serve.err.text().lines().filter(l -> l.contains("TLS")))
          .containsExactly("proxyauth serve: warning: a client spoke TLS to the plain HTTP proxy"
              + " port " + port + ": configure the proxy as http://" + port + ", not https://"
              + port + " (the connection to the proxy is plain; https:// targets are still"
              + " encrypted, in a CONNECT tunnel)");
      assertThat(Files.readAllLines(log)).singleElement().asString()
          .contains(" status=400 ", " failure=tls-on-plain-port");
      assertThat(proxy.requestCount()).isZero();
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "throws|throw 'broken on purpose';|broken on purpose",
      "loops|while (true) {}|",
      "returns garbage|return 'GOPHER 1.2.3.4:70';|GOPHER"})
  void aFailingPacIsA502ForTheRequestAndReportedOnHealthz(String what, String body,
      String seen) throws Exception {
    Path pac = Files.writeString(dir.resolve("proxy.pac"),
        "function FindProxyForURL(url, host) { " + body + " }");
    Path log = dir.resolve("access.log");
    try (ServeRun serve = ServeRun.start(Map.of(), "--listen", "127.0.0.1:0", "--pac",
        pac.toString(), "--admin", "127.0.0.1:0", "--health-url", http.url().toString(),
        "--access-log", log.toString())) {
      HttpResponse<String> response = ServeRun.get(serve.client(ServeTest.TRUST), http.url());
      HttpResponse<String> health = ServeRun.direct(serve.admin("/healthz"));

      assertThat(response.statusCode()).as(response.body()).isEqualTo(502);
      assertThat(response.body()).contains("PAC").contains(seen == null ? "" : seen);
      assertThat(health.statusCode()).isEqualTo(503);
      assertThat(health.body()).contains("CONFIGURATION_ERROR").contains(seen == null ? ""
          : seen);
      assertThat(serve.stop()).isZero();
      assertThat(Files.readAllLines(log)).singleElement().asString().contains(" status=502 ")
          .doesNotContain("route=DIRECT");
    }
  }

  @Test
  void anUpstreamThatLoops407StopsAtTheCapWithTheDiagnosisHeader() throws Exception {
    try (TestProxy proxy = TestProxy.builder().user(Cli.USER, Cli.PASSWORD).basic("corp")
        .fault(Fault.ENDLESS_407).build();
        ServeRun serve = ServeRun.start(ServeTest.ENV, ServeTest.upstream(proxy, "basic",
            "--admin", "127.0.0.1:0", "--health-url", http.url().toString(),
            "--access-log", "none"))) {
      HttpResponse<String> response = ServeRun.get(serve.client(ServeTest.TRUST), http.url());

      assertThat(response.statusCode()).isEqualTo(407);
      assertThat(response.headers().firstValue("Proxy-Auth-Diagnosis")).hasValueSatisfying(
          d -> assertThat(d).isNotBlank());
      assertThat(response.headers().allValues("Proxy-Authenticate"))
          .noneMatch(c -> c.regionMatches(true, 0, "basic", 0, 5)); // no client password prompt
      assertThat(proxy.requestCount()).isLessThanOrEqualTo(2 * 21); // the request, the check
      MetricsText metrics = MetricsText.parse(ServeRun.direct(serve.admin("/metrics")).body());
      assertThat(metrics.sum("proxyauth_serve_auth_failures_total")).isPositive();
      assertThat(serve.stop()).isZero();
      Cli.assertNoSecrets(new Cli.Result(0, serve.out.text(), serve.err.text()
          + response.headers() + response.body()), proxy);
    }
  }

  @Test
  void aDeadUpstreamIsA502WithTheReason() throws Exception {
    int dead = Cli.closedPort();
    Path log = dir.resolve("access.log");
    try (ServeRun serve = ServeRun.start(Map.of(), "--listen", "127.0.0.1:0", "--proxy",
        "http://127.0.0.1:" + dead, "--access-log", log.toString())) {
      HttpResponse<String> response = ServeRun.get(serve.client(ServeTest.TRUST), http.url());

      assertThat(response.statusCode()).isEqualTo(502);
      assertThat(response.body()).contains("127.0.0.1:" + dead);
      assertThat(serve.stop()).isZero();
      assertThat(Files.readAllLines(log)).singleElement().asString()
          .contains(" status=502 ", " failure=unreachable");
    }
  }

  @Test
  void canarySecretsAreInNoLogMetricExplanationResponseOrOutput() throws Exception {
    Path log = dir.resolve("access.log");
    Path local = Files.writeString(dir.resolve("local-password"), LOCAL_PASSWORD + "\n");
    String credential = Base64.getEncoder().encodeToString(("me:" + LOCAL_PASSWORD)
        .getBytes(StandardCharsets.UTF_8));
    List<String> seen = new ArrayList<>();
    try (TestProxy proxy = Cli.proxy("basic");
        ServeRun serve = ServeRun.start(ServeTest.ENV, ServeTest.upstream(proxy, "basic",
            "--local-user", "me", "--local-password-file", local.toString(), "--admin",
            "127.0.0.1:0", "--health-url", http.url().toString(), "--access-log",
            log.toString()))) {
      URI secretQuery = URI.create(http.url() + "?token=" + QUERY_SECRET);
      HttpClient client = serve.client(ServeTest.TRUST);
      HttpResponse<String> refused = ServeRun.get(client, secretQuery);
      HttpResponse<String> ok = client.send(HttpRequest.newBuilder(secretQuery)
          .header("Proxy-Authorization", "Basic " + credential).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(refused.statusCode()).isEqualTo(407);
      assertThat(ok.statusCode()).isEqualTo(200);
      for (HttpResponse<String> r : List.of(refused, ok)) {
        seen.add(r.headers() + r.body());
      }
      seen.add(raw(serve.proxyAddress(), "Proxy-Authorization: Basic " + credential
          + "\r\n\r\n")); // a client that lost its framing: 400, the value not echoed
      seen.add(raw(serve.proxyAddress(), "GET " + secretQuery + " HTTP/1.1\r\nHost: x\r\n"
          + "Proxy-Authorization: Basic " + credential + "\r\nX-Bad\r\n\r\n"));
      for (String path : List.of("/metrics", "/healthz", "/explain?url="
          + java.net.URLEncoder.encode(secretQuery.toString(), StandardCharsets.UTF_8),
          "/explain?format=json&url=" + java.net.URLEncoder.encode(secretQuery.toString(),
          StandardCharsets.UTF_8))) {
        HttpResponse<String> r = ServeRun.direct(serve.admin(path));
        seen.add(r.headers() + r.body());
      }
      assertThat(serve.stop()).isZero();
      seen.addAll(Files.readAllLines(log));
      seen.add(serve.all());

      assertThat(seen).noneMatch(s -> s.contains(Cli.PASSWORD) || s.contains(LOCAL_PASSWORD)
          || s.contains(credential) || s.contains(QUERY_SECRET));
      Cli.assertNoSecrets(new Cli.Result(0, String.join("\n", seen), ""), proxy);
    }
  }

  /** Sends {@code request} on a raw connection; returns everything the proxy answered. */
  private static String raw(InetSocketAddress address, String request) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(address, 10_000);
      socket.setSoTimeout(30_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      socket.shutdownOutput();
      String answer = new String(socket.getInputStream().readAllBytes(),
          StandardCharsets.ISO_8859_1);
      assertThat(answer).startsWith("HTTP/1.1 400 ");
      return answer;
    }
  }
}
