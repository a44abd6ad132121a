package io.github.proxyauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyauth.testkit.TestProxy;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code serve --admin} endpoint: /healthz, /metrics, /explain, and nothing else. */
class ServeAdminTest {
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

  String[] admin(TestProxy proxy, String scheme, String... more) {
    String[] base = ServeTest.upstream(proxy, scheme, "--admin", "127.0.0.1:0",
        "--health-url", http.url().toString(), "--access-log", "none");
    String[] all = new String[base.length + more.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(more, 0, all, base.length, more.length);
    return all;
  }

  @Test
  void healthzIsReadyWhenThePreflightThroughTheUpstreamPasses() throws Exception {
    try (TestProxy proxy = Cli.proxy("ntlm");
        ServeRun serve = ServeRun.start(ServeTest.ENV, admin(proxy, "ntlm"))) {
      HttpResponse<String> health = ServeRun.direct(serve.admin("/healthz"));

      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.body()).startsWith("ready\nok " + http.url());
      assertThat(serve.stop()).isZero();
    }
  }

  @Test
  void healthzIs503WithTheDiagnosisWhenTheUpstreamIsDead() throws Exception {
    String dead = "http://127.0.0.1:" + Cli.closedPort();
    try (ServeRun serve = ServeRun.start(Map.of(), "--listen", "127.0.0.1:0", "--proxy", dead,
        "--admin", "127.0.0.1:0", "--health-url", http.url().toString())) {
      HttpResponse<String> health = ServeRun.direct(serve.admin("/healthz"));

      assertThat(health.statusCode()).isEqualTo(503);
      assertThat(health.body()).startsWith("not ready\n").contains("PROXY_UNREACHABLE", "fix:");
      assertThat(serve.stop()).isZero();
    }
  }

  @Test
  void healthzReportsAFailingPac() throws Exception {
    Path pac = Files.writeString(dir.resolve("proxy.pac"),
        "function FindProxyForURL(url, host) { throw 'broken on purpose'; }");
    try (ServeRun serve = ServeRun.start(Map.of(), "--listen", "127.0.0.1:0", "--pac",
        pac.toString(), "--admin", "127.0.0.1:0", "--health-url", http.url().toString())) {
      HttpResponse<String> health = ServeRun.direct(serve.admin("/healthz"));

      assertThat(health.statusCode()).isEqualTo(503);
      assertThat(health.body()).contains("CONFIGURATION_ERROR", "broken on purpose",
          "fix the PAC script");
      assertThat(serve.stop()).isZero();
    }
  }

  @Test
  void metricsCountRequestsChallengesHandshakesAndLatency() throws Exception {
    try (TestProxy proxy = Cli.proxy("basic");
        ServeRun serve = ServeRun.start(ServeTest.ENV, admin(proxy, "basic"))) {
      HttpClient client = serve.client(ServeTest.TRUST);
      for (int i = 0; i < 3; i++) {
        assertThat(ServeRun.get(client, http.url()).statusCode()).isEqualTo(200);
      }
      HttpResponse<String> scrape = ServeRun.direct(serve.admin("/metrics"));
      MetricsText metrics = MetricsText.parse(scrape.body());
      String upstream = "proxy=\"127.0.0.1:" + proxy.port() + "\"";

      assertThat(scrape.headers().firstValue("Content-Type"))
          .contains("text/plain; version=0.0.4; charset=utf-8");
      assertThat(metrics.value("proxyauth_serve_requests_total", "status=\"200\""))
          .contains(3.0);
      assertThat(metrics.value("proxyauth_serve_proxy_challenges_total", upstream).orElse(0.0))
          .isGreaterThanOrEqualTo(1.0);
      assertThat(metrics.value("proxyauth_serve_handshakes_total", upstream
          + ",scheme=\"basic\"").orElse(0.0)).isGreaterThanOrEqualTo(1.0);
      assertThat(metrics.value("proxyauth_serve_request_duration_seconds_count",
          "kind=\"request\"")).contains(3.0);
      assertThat(metrics.value("proxyauth_serve_request_duration_seconds_bucket",
          "kind=\"request\",le=\"+Inf\"")).contains(3.0);
      assertThat(metrics.value("proxyauth_serve_loops_stopped_total", "")).contains(0.0);
      assertThat(metrics.type("proxyauth_serve_open_connections")).contains("gauge");
      assertThat(metrics.type("proxyauth_serve_upstream_pool_connections")).contains("gauge");
      assertThat(metrics.value("proxyauth_serve_upstream_pool_connections", "").orElseThrow())
          .isGreaterThanOrEqualTo(0.0);
      assertThat(scrape.body()).doesNotContain(Cli.PASSWORD);
      assertThat(serve.stop()).isZero();
    }
  }

  @Test
  void metricsCountFailuresByReason() throws Exception {
    try (TestProxy proxy = Cli.proxy("basic");
        ServeRun serve = ServeRun.start(Map.of("PW", Cli.WRONG), admin(proxy, "basic"))) {
      HttpResponse<String> refused = ServeRun.get(serve.client(ServeTest.TRUST), http.url());
      MetricsText metrics = MetricsText.parse(ServeRun.direct(serve.admin("/metrics")).body());

      assertThat(refused.statusCode()).isEqualTo(407);
      assertThat(metrics.sum("proxyauth_serve_auth_failures_total")).isGreaterThanOrEqualTo(1.0);
      assertThat(metrics.sum("proxyauth_serve_rejections_total")).isGreaterThanOrEqualTo(1.0);
      assertThat(metrics.value("proxyauth_serve_requests_total", "status=\"407\""))
          .contains(1.0);
      assertThat(serve.all()).doesNotContain(Cli.WRONG);
      assertThat(serve.stop()).isZero();
    }
  }

  @Test
  void explainSaysTheRouteAndWhyAsTextOrJson() throws Exception {
    try (TestProxy proxy = Cli.proxy("basic");
        ServeRun serve = ServeRun.start(ServeTest.ENV, admin(proxy, "basic"))) {
      String target = "/explain?url=https%3A%2F%2Fapi.example%2Fv1%3Fq%3D1";
      HttpResponse<String> text = ServeRun.direct(serve.admin(target));
      HttpResponse<String> json = ServeRun.direct(serve.admin(target + "&format=json"));

      assertThat(text.statusCode()).isEqualTo(200);
      assertThat(text.body()).contains("https://api.example:443", "127.0.0.1:" + proxy.port());
      assertThat(json.headers().firstValue("Content-Type")).contains("application/json");
      assertThat(json.body()).contains("\"target\":\"https://api.example:443\"",
          "\"source\":\"EXPLICIT\"", "\"port\":" + proxy.port());
      assertThat(serve.stop()).isZero();
    }
  }

  @Test
  void otherPathsAre404AndOtherMethods405() throws Exception {
    try (TestProxy proxy = Cli.proxy("basic");
        ServeRun serve = ServeRun.start(ServeTest.ENV, admin(proxy, "basic"))) {
      HttpClient direct = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build();
      int post = direct.send(HttpRequest.newBuilder(serve.admin("/healthz"))
          .POST(HttpRequest.BodyPublishers.noBody()).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode();

      assertThat(ServeRun.direct(serve.admin("/")).statusCode()).isEqualTo(404);
      assertThat(ServeRun.direct(serve.admin("/healthz/x")).statusCode()).isEqualTo(404);
      assertThat(ServeRun.direct(serve.admin("/explain")).statusCode()).isEqualTo(400);
      assertThat(ServeRun.direct(serve.admin("/explain?url=ftp://x/")).statusCode())
          .isEqualTo(400);
      assertThat(post).isEqualTo(405);
      assertThat(serve.stop()).isZero();
    }
  }
}
