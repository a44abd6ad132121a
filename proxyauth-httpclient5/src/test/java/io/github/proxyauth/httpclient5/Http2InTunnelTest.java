package io.github.proxyauth.httpclient5;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyauth.testkit.TestProxy;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.Protocol;
import okhttp3.tls.HandshakeCertificates;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.http.HttpVersion;
import org.apache.hc.core5.http2.HttpVersionPolicy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The async client speaks HTTP/2 to the origin inside a tunnel the adapter authenticated. */
class Http2InTunnelTest {
  @ParameterizedTest
  @EnumSource(value = Scheme.class, names = {"BASIC", "NTLM"})
  void http2InsideAnAuthenticatedTunnel(Scheme scheme) throws Exception {
    try (TestProxy proxy = scheme.proxy(); MockWebServer origin = new MockWebServer()) {
      origin.useHttps(new HandshakeCertificates.Builder().heldCertificate(Fixtures.SERVER)
          .build().sslSocketFactory());
      origin.setProtocols(List.of(Protocol.HTTP_2, Protocol.HTTP_1_1));
      origin.enqueue(new MockResponse.Builder().body("over h2").build());
      origin.start(InetAddress.getLoopbackAddress(), 0);
      CloseableHttpAsyncClient client = ProxyAuthHttpClient5.configure(HttpAsyncClients.custom()
          .setConnectionManager(PoolingAsyncClientConnectionManagerBuilder.create()
              .setTlsStrategy(new DefaultClientTlsStrategy(Fixtures.CLIENT_TLS))
              .setDefaultTlsConfig(TlsConfig.custom()
                  .setVersionPolicy(HttpVersionPolicy.NEGOTIATE).build()).build()),
          scheme.engine(Scheme.PASSWORD).build(), Fixtures.proxyHost(proxy)).build();
      try (client) {
        client.start();
        SimpleHttpResponse response = client.execute(SimpleRequestBuilder.get(
            Fixtures.url(origin, "/h2")).build(), null).get(30, TimeUnit.SECONDS);

        assertThat(response.getCode()).isEqualTo(200);
        assertThat(response.getBodyText()).isEqualTo("over h2");
        assertThat(response.getVersion()).isEqualTo(HttpVersion.HTTP_2);
      }
      assertThat(origin.takeRequest().getHeaders().get("Proxy-Authorization")).isNull();
      assertThat(proxy.requests()).allMatch(r -> r.isConnect()).hasSize(scheme.firstLegs);
    }
  }
}
