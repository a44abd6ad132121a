package io.github.proxyauth.jdkhttp;

import static io.github.proxyauth.jdkhttp.Fixtures.PASSWORD;
import static io.github.proxyauth.jdkhttp.Fixtures.WRONG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.proxyauth.ProxyAuthException;
import io.github.proxyauth.relay.ProxyRelay;
import io.github.proxyauth.testkit.TestProxy;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProxyAuthHttpClientTest {

  @ParameterizedTest(name = "https={0}")
  @ValueSource(booleans = {false, true})
  void sixteenConcurrentNtlmRequestsAllSucceed(boolean https) throws Exception {
    try (TestProxy proxy = Fixtures.proxy("ntlm");
        MockWebServer origin = Fixtures.origin(https, false);
        ProxyAuthHttpClient client = Fixtures.client(proxy,
            Fixtures.authenticator("ntlm", PASSWORD), HttpClient.Version.HTTP_1_1)) {
      List<CompletableFuture<HttpResponse<String>>> futures = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        futures.add(client.sendAsync(SchemeMatrixTest.get(Fixtures.url(origin, https, "/" + i)),
            HttpResponse.BodyHandlers.ofString()));
      }

      for (CompletableFuture<HttpResponse<String>> f : futures) {
        HttpResponse<String> response = f.get(60, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("hello GET 0");
      }
      assertThat(origin.getRequestCount()).isEqualTo(16);
    }
  }

  @Test
  void sendAsyncFailsWithDiagnosisOnWrongPassword() throws Exception {
    try (TestProxy proxy = Fixtures.proxy("ntlm");
        MockWebServer origin = Fixtures.origin(true, false);
        ProxyAuthHttpClient client = Fixtures.client(proxy,
            Fixtures.authenticator("ntlm", WRONG), HttpClient.Version.HTTP_2)) {
      CompletableFuture<HttpResponse<String>> future = client.sendAsync(
          SchemeMatrixTest.get(Fixtures.url(origin, true, "/")),
          HttpResponse.BodyHandlers.ofString());

      assertThatThrownBy(() -> future.get(30, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause().isInstanceOf(ProxyAuthException.class)
          .hasMessageContaining("alice").hasMessageNotContaining(WRONG);
    }
  }

  @Test
  void http2ReachesH2OriginThroughTheTunnel() throws Exception {
    try (TestProxy proxy = Fixtures.proxy("ntlm");
        MockWebServer origin = Fixtures.origin(true, true);
        ProxyAuthHttpClient client = Fixtures.client(proxy,
            Fixtures.authenticator("ntlm", PASSWORD), HttpClient.Version.HTTP_2)) {
      HttpResponse<String> response = client.send(
          SchemeMatrixTest.get(Fixtures.url(origin, true, "/h2")),
          HttpResponse.BodyHandlers.ofString());

      assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
      assertThat(response.body()).isEqualTo("hello GET 0");
    }
  }

  @ParameterizedTest(name = "{0} https={1}")
  @org.junit.jupiter.params.provider.CsvSource({"ntlm,false", "ntlm,true", "digest,false",
      "basic,false"})
  void postsFixedLengthAndChunkedBodies(String scheme, boolean https) throws Exception {
    byte[] body = new byte[300_000];
    try (TestProxy proxy = Fixtures.proxy(scheme);
        MockWebServer origin = Fixtures.origin(https, false);
        ProxyAuthHttpClient client = Fixtures.client(proxy,
            Fixtures.authenticator(scheme, PASSWORD), HttpClient.Version.HTTP_1_1)) {
      URI uri = Fixtures.url(origin, https, "/upload");
      HttpRequest fixed = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20))
          .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
      HttpRequest chunked = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20))
          .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
          .build();

      HttpResponse<String> first = client.send(fixed, HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> second = client.send(chunked, HttpResponse.BodyHandlers.ofString());

      assertThat(first.body()).isEqualTo("hello POST 300000");
      assertThat(second.body()).isEqualTo("hello POST 300000");
    }
  }

  @Test
  void postWithExpectContinueOnFreshConnection() throws Exception {
    try (TestProxy proxy = Fixtures.proxy("ntlm");
        MockWebServer origin = Fixtures.origin(false, false);
        ProxyAuthHttpClient client = Fixtures.client(proxy,
            Fixtures.authenticator("ntlm", PASSWORD), HttpClient.Version.HTTP_1_1)) {
      HttpRequest post = HttpRequest.newBuilder(Fixtures.url(origin, false, "/e"))
          .timeout(Duration.ofSeconds(20)).expectContinue(true)
          .POST(HttpRequest.BodyPublishers.ofString("x".repeat(5000))).build();

      HttpResponse<String> response = client.send(post, HttpResponse.BodyHandlers.ofString());

      assertThat(response.body()).isEqualTo("hello POST 5000");
      // The body-less probe authenticated the connection; the POST went once, accepted.
      assertThat(proxy.requests()).anyMatch(r -> r.method().equals("OPTIONS"));
      assertThat(proxy.requests()).filteredOn(r -> r.method().equals("POST")).singleElement()
          .satisfies(r -> assertThat(r.auth()).isEqualTo(
              io.github.proxyauth.testkit.RecordedRequest.Auth.CONNECTION_AUTHENTICATED));
    }
  }

  @Test
  void directRequestsStayDirectAndCarryNoSecret() throws Exception {
    try (MockWebServer origin = Fixtures.origin(false, false);
        ProxyAuthHttpClient client = ProxyAuthHttpClient.wrap(HttpClient.newBuilder(),
            Fixtures.authenticator("basic", PASSWORD), java.net.ProxySelector.of(null))) {
      HttpResponse<String> response = client.send(
          SchemeMatrixTest.get(Fixtures.url(origin, false, "/d")),
          HttpResponse.BodyHandlers.ofString());

      assertThat(response.body()).isEqualTo("hello GET 0");
      assertThat(origin.takeRequest(5, TimeUnit.SECONDS).getHeaders()
          .get(ProxyRelay.SECRET_HEADER)).isNull();
      assertThat(client.proxy().orElseThrow().select(Fixtures.url(origin, false, "/d")))
          .containsExactly(java.net.Proxy.NO_PROXY);
    }
  }
}
