package io.github.proxyauth.okhttp;

import static io.github.proxyauth.okhttp.ProxyScheme.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyauth.testkit.RecordedRequest.Auth;
import io.github.proxyauth.testkit.TestProxy;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * TLS and HTTP/2 origins played by MockWebServer behind an authenticating TestProxy. OkHttp 5
 * only: MockWebServer 5 needs it, so the OkHttp 4.12 run leaves this class out.
 */
class MockWebServerOriginTest {

  static MockWebServer origin(List<Protocol> protocols) throws Exception {
    MockWebServer server = new MockWebServer();
    server.useHttps(Tls.serverSocketFactory());
    server.setProtocols(protocols);
    server.start(InetAddress.getByName("127.0.0.1"), 0);
    return server;
  }

  @ParameterizedTest
  @EnumSource(value = ProxyScheme.class, names = {"BASIC", "DIGEST", "NTLM"})
  void http2InsideAnAuthenticatedTunnelIsUnaffected(ProxyScheme scheme) throws Exception {
    try (TestProxy proxy = scheme.proxy();
        MockWebServer origin = origin(List.of(Protocol.HTTP_2, Protocol.HTTP_1_1))) {
      for (int i = 0; i < 3; i++) {
        origin.enqueue(new MockResponse.Builder().body("h2 " + i).build());
      }
      OkHttpClient client = Calls.client(scheme.engine(PASSWORD).build(), proxy);

      for (int i = 0; i < 3; i++) {
        try (Response response = client.newCall(
            new Request.Builder().url(origin.url("/" + i)).build()).execute()) {
          assertThat(response.protocol()).isEqualTo(Protocol.HTTP_2);
          assertThat(response.body().string()).isEqualTo("h2 " + i);
        }
      }

      assertThat(proxy.requests()).hasSize(scheme.firstLegs); // one tunnel for all three calls
      assertThat(proxy.requests().get(scheme.firstLegs - 1).auth()).isEqualTo(Auth.ACCEPTED);
      for (int i = 0; i < 3; i++) {
        RecordedRequest seen = origin.takeRequest(5, TimeUnit.SECONDS);
        assertThat(seen.getHeaders().get("Proxy-Authorization")).isNull();
      }
    }
  }

  @ParameterizedTest
  @EnumSource(value = ProxyScheme.class, names = {"BASIC", "NTLM"})
  void tlsOriginAnswering407IsDeclinedAndSeesNoProxyCredentials(ProxyScheme scheme)
      throws Exception {
    try (TestProxy proxy = scheme.proxy(); MockWebServer origin = origin(List.of(Protocol.HTTP_1_1))) {
      origin.enqueue(new MockResponse.Builder().code(407)
          .addHeader("Proxy-Authenticate", "Basic realm=\"origin\"").body("origin").build());
      OkHttpClient client = Calls.client(scheme.engine(PASSWORD).build(), proxy);

      assertThat(Calls.get(client, origin.url("/").toString())).isEqualTo("407 origin");

      RecordedRequest seen = origin.takeRequest(5, TimeUnit.SECONDS);
      assertThat(seen.getHandshake()).isNotNull();
      assertThat(seen.getHeaders().get("Proxy-Authorization")).isNull();
      assertThat(origin.getRequestCount()).isEqualTo(1);
    }
  }
}
