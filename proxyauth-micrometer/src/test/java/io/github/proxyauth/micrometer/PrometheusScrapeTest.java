package io.github.proxyauth.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.github.proxyauth.Credentials;
import io.github.proxyauth.ProxyAuthenticator;
import io.github.proxyauth.okhttp.OkHttpProxyAuthenticator;
import io.github.proxyauth.testkit.RecordedRequest;
import io.github.proxyauth.testkit.TestProxy;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real OkHttp client through the test kit's proxy, the events bridged into a Prometheus
 * registry, and the scrape read the way Prometheus reads it.
 */
class PrometheusScrapeTest {
  static final String PASSWORD = "canary-Meters-Pa55-5150";
  static final String WRONG = "canary-Meters-Wr0ng-8086";

  final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  final ProxyAuthMeters meters = ProxyAuthMeters.create();
  HttpServer origin;
  TestProxy proxy;

  @BeforeEach
  void start() throws IOException {
    meters.bindTo(registry);
    origin = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    origin.createContext("/", exchange -> {
      byte[] body = "hello".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    origin.start();
    proxy = TestProxy.builder().user("alice", PASSWORD).basic("corp").build();
  }

  @AfterEach
  void stop() {
    proxy.close();
    origin.stop(0);
  }

  OkHttpClient client(String password) {
    ProxyAuthenticator engine = ProxyAuthenticator.builder()
        .credentials(Credentials.of("alice", password.toCharArray()))
        .lockoutProtection(2, Duration.ofMinutes(5)).addListener(meters).build();
    return OkHttpProxyAuthenticator.configure(new OkHttpClient.Builder(), engine, proxy.proxy())
        .callTimeout(Duration.ofSeconds(20)).build();
  }

  String url() {
    return "http://127.0.0.1:" + origin.getAddress().getPort() + "/";
  }

  int get(OkHttpClient client) throws IOException {
    try (Response response = client.newCall(new Request.Builder().url(url()).build()).execute()) {
      return response.code();
    }
  }

  @Test
  void scrapeShowsSuccessesRejectionsTheLockoutAndHandshakeTimes() throws Exception {
    OkHttpClient good = client(PASSWORD);
    for (int i = 0; i < 3; i++) {
      assertThat(get(good)).isEqualTo(200);
    }
    OkHttpClient bad = client(WRONG);
    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(() -> get(bad)).isInstanceOf(IOException.class);
    }

    String scrape = registry.scrape();
    String p = proxyTag();
    assertThat(lines(scrape)).contains(
        "proxyauth_challenges_total{" + p + "} " + answered407() + ".0",
        "proxyauth_preemptive_total{" + p + ",scheme=\"basic\"} 2.0",
        "proxyauth_successes_total{" + p + ",scheme=\"basic\"} 3.0",
        "proxyauth_rejections_total{" + p
            + ",reason=\"CREDENTIALS_REJECTED\",scheme=\"basic\"} 2.0",
        "proxyauth_failures_total{" + p + ",reason=\"CREDENTIALS_REJECTED\",scheme=\"basic\"} 2.0",
        "proxyauth_failures_total{" + p + ",reason=\"BACKED_OFF\",scheme=\"none\"} 1.0",
        "proxyauth_lockouts_total{" + p + ",scheme=\"basic\"} 1.0",
        "proxyauth_lockouts_active{" + p + ",scheme=\"basic\"} 1.0",
        "proxyauth_handshake_seconds_count{outcome=\"success\"," + p + ",scheme=\"basic\"} 3",
        "proxyauth_handshake_seconds_count{outcome=\"failure\"," + p + ",scheme=\"basic\"} 2",
        "proxyauth_handshake_seconds_count{outcome=\"failure\"," + p + ",scheme=\"none\"} 1");
    assertThat(scrape).doesNotContain(PASSWORD).doesNotContain(WRONG);
  }

  @Test
  void aSuccessClearsTheLockoutGauge() throws Exception {
    OkHttpClient bad = client(WRONG);
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> get(bad)).isInstanceOf(IOException.class);
    }
    String p = proxyTag();
    assertThat(lines(registry.scrape()))
        .contains("proxyauth_lockouts_active{" + p + ",scheme=\"basic\"} 1.0");

    assertThat(get(client(PASSWORD))).isEqualTo(200);

    assertThat(lines(registry.scrape()))
        .contains("proxyauth_lockouts_active{" + p + ",scheme=\"basic\"} 0.0");
  }

  /** Returns how many requests the proxy answered with 407, by its own record. */
  long answered407() {
    return proxy.requests().stream().filter(r -> r.auth() == RecordedRequest.Auth.MISSING
        || r.auth() == RecordedRequest.Auth.REJECTED).count();
  }

  String proxyTag() {
    return "proxy=\"" + proxy.address().getHostString() + ":" + proxy.port() + "\"";
  }

  static List<String> lines(String scrape) {
    return scrape.lines().toList();
  }
}
