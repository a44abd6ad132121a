package io.github.proxyauth.discovery;

import static io.github.proxyauth.discovery.ProxyDiscoveryTest.pac;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.proxyauth.AuthScope;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** https proxies (TLS to the proxy): only with {@code tlsProxies(true)}, refused otherwise. */
class HttpsProxyDiscoveryTest {
  private static final URI HTTPS = URI.create("https://x.example/path");
  private static final URI HTTP = URI.create("http://x.example/");
  private static final String REFUSED = "but saw scheme 'https' (TLS to the proxy is off: turn it"
      + " on with ProxyDiscovery.Builder.tlsProxies(true) for a client that speaks TLS to proxies,"
      + " or use http:// — CONNECT tunnels still protect https targets)";

  @Test
  void explicitHttpsProxyIsRefusedWithoutTheOptIn() {
    var builder = ProxyDiscovery.builder().proxy("https://tls.example:8443");

    assertThatThrownBy(builder::build).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Malformed proxy URL in proxy URL configured in code: expected"
            + " [http://][user[:password]@]host[:port] " + REFUSED);
  }

  @Test
  void explicitHttpsProxyIsAnHttpsProxyWithTheOptIn() {
    ProxyDiscovery discovery = ProxyDiscovery.builder().proxy("https://TLS.example:8443")
        .tlsProxies(true).build();

    Route route = discovery.explain(HTTPS);
    assertThat(route.proxies()).singleElement().isInstanceOf(HttpsProxy.class)
        .isEqualTo(HttpsProxy.of("tls.example", 8443));
    assertThat(route.explanation()).isEqualTo("https://x.example:443 goes via https proxy"
        + " tls.example:8443 because an explicit proxy is configured");
    assertThat(discovery.select(HTTP)).singleElement().isInstanceOf(HttpsProxy.class);
  }

  @Test
  void optInOrderDoesNotMatterAndANewBuilderCanDropIt() {
    ProxyDiscovery discovery = ProxyDiscovery.builder().tlsProxies(true)
        .proxy("https://tls.example").build();

    assertThat(discovery.select(HTTPS)).containsExactly(HttpsProxy.of("tls.example", 443));
    assertThatThrownBy(() -> discovery.newBuilder().tlsProxies(false).build())
        .hasMessageContaining(REFUSED);
  }

  @Test
  void httpsProxyVariableIsRefusedByNameWithoutTheOptIn() {
    var builder = ProxyDiscovery.builder()
        .environment(Map.of("https_proxy", "https://tls.example:443")::get);

    assertThatThrownBy(builder::build).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Malformed proxy URL in https_proxy: expected"
            + " [http://][user[:password]@]host[:port] " + REFUSED);
  }

  @Test
  void httpsProxyVariableWithCredentialsWorksWithTheOptIn() {
    ProxyDiscovery discovery = ProxyDiscovery.builder().tlsProxies(true)
        .environment(Map.of("https_proxy", "https://alice:s3cret@tls.example",
            "http_proxy", "http://plain.example:3128")::get).build();

    assertThat(discovery.select(HTTPS)).containsExactly(HttpsProxy.of("tls.example", 443));
    assertThat(discovery.select(HTTPS).get(0)).isInstanceOf(HttpsProxy.class);
    assertThat(discovery.select(HTTP).get(0)).isNotInstanceOf(HttpsProxy.class);
    assertThat(discovery.explain(HTTPS).explanation())
        .startsWith("https://x.example:443 goes via https proxy tls.example:443 because https_proxy")
        .doesNotContain("s3cret");
    assertThat(discovery.credentials().credentialsFor(AuthScope.of("tls.example", 443, "basic")))
        .hasValueSatisfying(c -> assertThat(c.user()).isEqualTo("alice"));
  }

  @Test
  void pacHttpsEntriesAreSkippedWithoutTheOptIn() throws Exception {
    ProxyDiscovery discovery = ProxyDiscovery.builder()
        .pac(pac("return 'HTTPS t.example:443; PROXY a:3128';")).build();

    Route route = discovery.explain(HTTPS);
    assertThat(route.proxies()).containsExactly(
        new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved("a", 3128)));
    assertThat(route.proxies().get(0)).isNotInstanceOf(HttpsProxy.class);
    assertThat(route.explanation()).endsWith("(skipped unsupported: HTTPS t.example:443)");
  }

  @Test
  void pacHttpsEntriesAreUsedInOrderWithTheOptIn() throws Exception {
    ProxyDiscovery discovery = ProxyDiscovery.builder().tlsProxies(true)
        .pac(pac("return 'HTTPS t.example:443; SOCKS s:1080; PROXY a:3128; DIRECT';")).build();

    Route route = discovery.explain(HTTPS);
    assertThat(route.proxies()).hasSize(3);
    assertThat(route.proxies().get(0)).isInstanceOf(HttpsProxy.class)
        .isEqualTo(HttpsProxy.of("t.example", 443));
    assertThat(route.proxies().get(1)).isNotInstanceOf(HttpsProxy.class);
    assertThat(route.proxies().get(2)).isEqualTo(Proxy.NO_PROXY);
    assertThat(route.explanation()).startsWith("https://x.example:443 goes via https proxy"
        + " t.example:443, then via proxy a:3128, then DIRECT because")
        .endsWith("(skipped unsupported: SOCKS s:1080)");
  }

  @Test
  void aPacWithOnlyHttpsEntriesFailsWithoutTheOptIn() throws Exception {
    ProxyDiscovery discovery = ProxyDiscovery.builder()
        .pac(pac("return 'HTTPS t.example:443';")).build();

    Route route = discovery.explain(HTTPS);
    assertThat(route.proxies()).containsExactly(Proxy.NO_PROXY);
    assertThat(route.failure()).hasValueSatisfying(f -> assertThat(f)
        .contains("returned only unsupported entries: 'HTTPS t.example:443'"));
  }

  @Test
  void httpsProxyPropertyStaysAPlainProxyForHttpsTargets() {
    ProxyDiscovery discovery = ProxyDiscovery.builder().tlsProxies(true)
        .systemProperties(Map.of("https.proxyHost", "prop.example")::get).build();

    assertThat(discovery.select(HTTPS)).singleElement().isNotInstanceOf(HttpsProxy.class);
  }

  @Test
  void failoverNoteNamesTheHttpsProxy() throws Exception {
    ProxyDiscovery discovery = ProxyDiscovery.builder().tlsProxies(true)
        .pac(pac("return 'HTTPS t.example:443; DIRECT';")).build();

    discovery.connectFailed(HTTPS, InetSocketAddress.createUnresolved("t.example", 443),
        new java.io.IOException("handshake failed"));

    assertThat(discovery.select(HTTPS)).containsExactly(Proxy.NO_PROXY,
        HttpsProxy.of("t.example", 443));
    assertThat(discovery.explain(HTTPS).explanation())
        .contains("; https proxy t.example:443 failed to connect and is tried last until");
  }

  @Test
  void httpsProxyValueIsTypeHttpWithAnUnresolvedAddress() {
    HttpsProxy proxy = HttpsProxy.of("fd00::1", 443);

    assertThat(proxy.type()).isEqualTo(Proxy.Type.HTTP);
    assertThat(proxy.address().isUnresolved()).isTrue();
    assertThat(proxy).hasToString("HTTPS @ [fd00::1]:443");
    assertThatThrownBy(() -> HttpsProxy.of("", 443)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HttpsProxy.of("h", 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
