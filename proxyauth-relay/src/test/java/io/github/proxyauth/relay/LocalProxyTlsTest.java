package io.github.proxyauth.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyauth.discovery.HttpsProxy;
import io.github.proxyauth.testkit.TlsFront;
import java.io.IOException;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.List;
import okhttp3.tls.HandshakeCertificates;
import org.junit.jupiter.api.Test;

/**
 * An https upstream proxy whose certificate the relay does not trust: the 502 says so and names
 * where this relay's users give it the proxy's CA, the builder's method unless told otherwise.
 */
class LocalProxyTlsTest extends LocalProxyFixture {

  @Test
  void anUntrustedHttpsProxyNamesTheBuilderMethodByDefault() throws Exception {
    assertThat(untrustedProxyReply(builder(UPSTREAM_PASSWORD)))
        .contains("give the relay the proxy's CA, LocalProxy.Builder.proxyTls)");
  }

  @Test
  void anUntrustedHttpsProxyNamesTheRemedyTheRelayWasGiven() throws Exception {
    assertThat(untrustedProxyReply(builder(UPSTREAM_PASSWORD).proxyTlsRemedy("--proxy-ca FILE")))
        .contains("give the relay the proxy's CA, --proxy-ca FILE)")
        .doesNotContain("Builder.proxyTls");
  }

  /** Returns the reply to a GET through the https test kit proxy whose CA nobody trusts. */
  private String untrustedProxyReply(LocalProxy.Builder builder) throws IOException {
    try (TlsFront front = TlsFront.start(new HandshakeCertificates.Builder()
        .heldCertificate(SERVER).build().sslContext(), upstream.address())) {
      LocalProxy proxy = started(builder.upstream(only(HttpsProxy.of("127.0.0.1", front.port()))));

      String reply = exchange(proxy, Wire.get(url("/t"), ""));

      assertThat(reply).startsWith("HTTP/1.1 502").contains("its certificate is not trusted");
      assertThat(front.handshakes()).isZero();
      assertThat(upstream.requestCount()).isZero();
      return reply;
    }
  }

  private static ProxySelector only(Proxy proxy) {
    return new ProxySelector() {
      @Override
      public List<Proxy> select(URI uri) {
        return List.of(proxy);
      }

      @Override
      public void connectFailed(URI uri, SocketAddress address, IOException e) {}
    };
  }
}
