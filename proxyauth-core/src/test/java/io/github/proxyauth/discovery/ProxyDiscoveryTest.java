package io.github.proxyauth.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.proxyauth.ProxyAuthException;
import io.github.proxyauth.SettableClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Precedence between sources, explanations and fail-over. */
class ProxyDiscoveryTest {
  private static final URI HTTPS = URI.create("https://x.example/path?q=1");
  private static final URI HTTP = URI.create("http://x.example/");

  private static Map<String, String> map(String... pairs) {
    Map<String, String> map = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put(pairs[i], pairs[i + 1]);
    }
    return map;
  }

  private static Proxy http(String host, int port) {
    return new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(host, port));
  }

  static PacScript pac(String body) throws ProxyAuthException {
    return PacScript.builder()
        .source("test.pac", "function FindProxyForURL(url, host) { " + body + " }")
        .resolver(host -> List.of()).build();
  }

  @Test
  void explicitProxyWinsOverEverySource() throws Exception {
    ProxyDiscovery discovery = ProxyDiscovery.builder().proxy("http://explicit:1")
        .systemProperties(map("https.proxyHost", "prop")::get)
        .environment(map("HTTPS_PROXY", "http://env:3")::get)
        .pac(pac("return 'PROXY pac:4';")).build();

    Route route = discovery.explain(HTTPS);
    assertThat(route.proxies()).containsExactly(http("explicit", 1));
    assertThat(route.source()).isEqualTo(Route.Source.EXPLICIT);
    assertThat(route.explanation())
        .isEqualTo("https://x.example:443 goes via proxy explicit:1 because an explicit proxy is configured");
  }

  @Test
  void explicitNoProxyGoesDirect() {
    ProxyDiscovery discovery = ProxyDiscovery.builder().proxy("explicit:1").noProxy(".example").build();

    assertThat(discovery.explain(HTTPS).explanation()).isEqualTo(
        "https://x.example:443 goes DIRECT because the explicit no-proxy entry '.example' matches");
    assertThat(discovery.select(HTTPS)).containsExactly(Proxy.NO_PROXY);
  }

  @Test
  void systemPropertiesWinOverTheEnvironment() {
    ProxyDiscovery discovery = ProxyDiscovery.builder()
        .systemProperties(map("https.proxyHost", "prop", "https.proxyPort", "8443")::get)
        .environment(map("HTTPS_PROXY", "http://env:3128")::get).build();

    Route route = discovery.explain(HTTPS);
    assertThat(route.proxies()).containsExactly(http("prop", 8443));
    assertThat(route.source()).isEqualTo(Route.Source.SYSTEM_PROPERTIES);
    assertThat(route.explanation()).isEqualTo("https://x.example:443 goes via proxy prop:8443 because"
        + " system property https.proxyHost is set and http.nonProxyHosts"
        + " ('localhost|127.*|[::1]|0.0.0.0|[::0]') did not match");
  }

  @Test
  void environmentAppliesWhenNoPropertyIsSetForTheScheme() {
    ProxyDiscovery discovery = ProxyDiscovery.builder()
        .systemProperties(map("http.proxyHost", "prop")::get)
        .environment(map("HTTPS_PROXY", "http://env:3128", "NO_PROXY", ".corp")::get).build();

    Route route = discovery.explain(HTTPS);
    assertThat(route.source()).isEqualTo(Route.Source.ENVIRONMENT);
    assertThat(route.explanation()).isEqualTo("https://x.example:443 goes via proxy env:3128 because"
        + " HTTPS_PROXY is set and no NO_PROXY entry matched (NO_PROXY=.corp)");
    assertThat(discovery.explain(HTTP).proxies()).containsExactly(http("prop", 80));
  }

  @Test
  void nonProxyHostsDecidesDirectWithoutFallingThroughToTheEnvironment() {
    ProxyDiscovery discovery = ProxyDiscovery.builder()
        .systemProperties(map("https.proxyHost", "prop", "http.nonProxyHosts", "*.example")::get)
        .environment(map("HTTPS_PROXY", "http://env:3128")::get).build();

    Route route = discovery.explain(HTTPS);
    assertThat(route.direct()).isTrue();
    assertThat(route.source()).isEqualTo(Route.Source.SYSTEM_PROPERTIES);
    assertThat(route.explanation()).isEqualTo("https://x.example:443 goes DIRECT because"
        + " http.nonProxyHosts pattern '*.example' matches (system property https.proxyHost is set)");
  }

  @Test
  void noProxyMatchDecidesDirectWithoutFallingThroughToPac() throws Exception {
    ProxyDiscovery discovery = ProxyDiscovery.builder()
        .environment(map("https_proxy", "http://env:3128", "no_proxy", "x.example")::get)
        .pac(pac("return 'PROXY pac:4';")).build();

    assertThat(discovery.explain(HTTPS).explanation()).isEqualTo("https://x.example:443 goes DIRECT"
        + " because no_proxy entry 'x.example' matches (https_proxy is set)");
  }

  @Test
  void pacAppliesWhenNothingElseDoes() throws Exception {
    ProxyDiscovery discovery = ProxyDiscovery.builder()
        .environment(map("http_proxy", "http://env:3128")::get)
        .pac(pac("return 'PROXY a:3128; PROXY b:3128; DIRECT';")).build();

    Route route = discovery.explain(HTTPS);
    assertThat(route.proxies()).containsExactly(http("a", 3128), http("b", 3128), Proxy.NO_PROXY);
    assertThat(route.source()).isEqualTo(Route.Source.PAC);
    assertThat(route.explanation()).isEqualTo("https://x.example:443 goes via proxy a:3128, then via"
        + " proxy b:3128, then DIRECT because no explicit, system property or environment proxy"
        + " applies and PAC script test.pac returned 'PROXY a:3128; PROXY b:3128; DIRECT'");
  }

  @Test
  void nothingConfiguredGoesDirectAndSaysWhatWasChecked() {
    ProxyDiscovery discovery = ProxyDiscovery.builder()
        .systemProperties(map()::get).environment(map("HTTP_PROXY", "http://evil:1")::get).build();

    Route route = discovery.explain(HTTP);
    assertThat(route.proxies()).containsExactly(Proxy.NO_PROXY);
    assertThat(route.source()).isEqualTo(Route.Source.NONE);
    assertThat(route.explanation()).isEqualTo("http://x.example:80 goes DIRECT because no proxy is"
        + " configured for http (checked: explicit proxy, system property http.proxyHost,"
        + " environment http_proxy, all_proxy, ALL_PROXY, no PAC script); HTTP_PROXY is ignored, as"
        + " curl does, because CGI requests can set it (httpoxy)");
  }

  @Test
  void wsAndWssRouteLikeHttpAndHttps() {
    ProxyDiscovery discovery = ProxyDiscovery.builder()
        .environment(map("https_proxy", "http://tls:1", "http_proxy", "http://plain:2")::get).build();

    assertThat(discovery.select(URI.create("wss://x.example/chat"))).containsExactly(http("tls", 1));
    assertThat(discovery.select(URI.create("ws://x.example/chat"))).containsExactly(http("plain", 2));
  }

  @Test
  void otherSchemesGoDirect() {
    ProxyDiscovery discovery = ProxyDiscovery.builder().proxy("http://explicit:1").build();

    Route route = discovery.explain(URI.create("socket://db.example:5432"));
    assertThat(route.direct()).isTrue();
    assertThat(route.explanation()).contains("covers only http, https, ws and wss");
  }

  @Test
  void hostWithUnderscoreIsRouted() {
    ProxyDiscovery discovery = ProxyDiscovery.builder()
        .environment(map("https_proxy", "http://p:1", "no_proxy", "my_host.example")::get).build();

    assertThat(discovery.select(URI.create("https://my_host.example:8443/"))).containsExactly(Proxy.NO_PROXY);
  }

  @Test
  void changedSystemPropertiesAreSeenOnTheNextSelect() {
    Map<String, String> props = map();
    ProxyDiscovery discovery = ProxyDiscovery.builder().systemProperties(props::get).build();
    assertThat(discovery.select(HTTPS)).containsExactly(Proxy.NO_PROXY);

    props.put("https.proxyHost", "late");

    assertThat(discovery.select(HTTPS)).containsExactly(http("late", 443));
  }

  @Test
  void buildRejectsMalformedEnvironmentByName() {
    var builder = ProxyDiscovery.builder().environment(map("https_proxy", "socks5://p:1080")::get);

    assertThatThrownBy(builder::build).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("https_proxy").hasMessageContaining("SOCKS proxies are not supported");
  }

  @Test
  void selectRejectsNullAndHostlessUris() {
    ProxyDiscovery discovery = ProxyDiscovery.builder().build();

    assertThatThrownBy(() -> discovery.select(null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> discovery.select(URI.create("mailto:a@b.example")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("but saw no host");
  }

  @Test
  void connectFailedMovesTheProxyLastUntilThePenaltyEnds() throws Exception {
    SettableClock clock = new SettableClock(Instant.parse("2026-01-05T10:00:00Z"), ZoneOffset.UTC);
    ProxyDiscovery discovery = ProxyDiscovery.builder().clock(clock).failoverPenalty(Duration.ofMinutes(5))
        .pac(pac("return 'PROXY a:3128; PROXY b:3128; DIRECT';")).build();

    discovery.connectFailed(HTTPS, InetSocketAddress.createUnresolved("a", 3128), new IOException("refused"));

    assertThat(discovery.select(HTTPS)).containsExactly(http("b", 3128), Proxy.NO_PROXY, http("a", 3128));
    assertThat(discovery.explain(HTTPS).explanation())
        .endsWith("; proxy a:3128 failed to connect and is tried last until 2026-01-05T10:05:00Z");
    clock.advance(Duration.ofMinutes(5));
    assertThat(discovery.select(HTTPS)).containsExactly(http("a", 3128), http("b", 3128), Proxy.NO_PROXY);
  }

  @Test
  void failingPacGoesDirectByDefaultAndSaysWhy() throws Exception {
    ProxyDiscovery discovery = ProxyDiscovery.builder().pac(pac("return 'PROXY nohostport';")).build();

    Route route = discovery.explain(HTTPS);
    assertThat(route.proxies()).containsExactly(Proxy.NO_PROXY);
    assertThat(route.explanation()).contains("the PAC script failed: Malformed PAC result"
        + " 'PROXY nohostport': expected host:port but saw 'PROXY nohostport'")
        .endsWith("(PAC failures go direct, as in browsers)");
  }

  @Test
  void failingPacFailsClosedWhenConfigured() throws Exception {
    ProxyDiscovery discovery = ProxyDiscovery.builder().pacFailureGoesDirect(false)
        .pac(pac("return 'SOCKS5 s:1080';")).build();

    assertThat(discovery.explain(HTTPS).proxies()).isEmpty();
    assertThatThrownBy(() -> discovery.select(HTTPS))
        .isInstanceOf(UncheckedIOException.class)
        .hasCauseInstanceOf(ProxyAuthException.class)
        .hasMessageContaining("returned only unsupported entries: 'SOCKS5 s:1080'");
  }

  @Test
  void unsupportedPacEntriesAreSkippedAndNamed() throws Exception {
    ProxyDiscovery discovery = ProxyDiscovery.builder()
        .pac(pac("return 'SOCKS s:1080; HTTPS t:443; PROXY a:3128';")).build();

    Route route = discovery.explain(HTTPS);
    assertThat(route.proxies()).containsExactly(http("a", 3128));
    assertThat(route.explanation()).endsWith("(skipped unsupported: SOCKS s:1080, HTTPS t:443)");
  }

  @Test
  void newBuilderMakesAModifiedCopy() {
    ProxyDiscovery original = ProxyDiscovery.builder().proxy("http://one:1").build();

    ProxyDiscovery copy = original.newBuilder().proxy("http://two:2").build();

    assertThat(original.select(HTTPS)).containsExactly(http("one", 1));
    assertThat(copy.select(HTTPS)).containsExactly(http("two", 2));
  }
}
