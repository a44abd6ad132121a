package io.github.proxyauth.jdkhttp;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyauth.testkit.RecordedRequest;
import io.github.proxyauth.testkit.RecordedRequest.Auth;
import io.github.proxyauth.testkit.TestProxy;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;

/**
 * Through the relay, a proxy that retires Digest nonces after 4 uses (Squid's nonce_max_count)
 * and announces the next one in {@code Proxy-Authentication-Info} costs one 407 for 20 requests:
 * the relay follows the {@code nextnonce} instead of waiting for a {@code stale=true}.
 */
class DigestNextnonceTest {

  @Test
  void twentySequentialRequestsTakeOne407() throws Exception {
    try (TestProxy proxy = TestProxy.builder().user(Fixtures.USER, Fixtures.PASSWORD)
            .digest("corp").digestNonceLimits(Duration.ofMinutes(30), 4).build();
        MockWebServer origin = Fixtures.origin(false, false);
        ProxyAuthHttpClient client = Fixtures.client(proxy,
            Fixtures.authenticator("digest", Fixtures.PASSWORD), HttpClient.Version.HTTP_1_1)) {
      for (int i = 0; i < 20; i++) {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(
            Fixtures.url(origin, false, "/n" + i)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
      }

      assertThat(proxy.requests()).extracting(RecordedRequest::auth)
          .containsOnlyOnce(Auth.MISSING).doesNotContain(Auth.CONTINUED, Auth.REJECTED)
          .hasSize(21);
    }
  }
}
