package io.github.proxyauth.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.proxyauth.AuthScope;
import io.github.proxyauth.CredentialProvider;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Credentials that come with discovered proxies, and canary secrets that must never leak. */
class ProxyDiscoveryCredentialsTest {
  private static final String CANARY = "CANARY-9c1d-secret";

  private static Map<String, String> map(String... pairs) {
    Map<String, String> map = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put(pairs[i], pairs[i + 1]);
    }
    return map;
  }

  @Test
  void environmentCredentialsAreAnsweredOnlyForTheirProxy() {
    CredentialProvider provider = CredentialProvider.fromEnvironment(
        map("HTTPS_PROXY", "http://alice:pw@proxy.example:3128", "http_proxy", "http://bob:pw2@plain:80")::get);

    assertThat(provider.credentialsFor(AuthScope.of("PROXY.example", 3128, "basic")))
        .hasValueSatisfying(c -> {
          assertThat(c.user()).isEqualTo("alice");
          assertThat(c.source()).isEqualTo("HTTPS_PROXY");
        });
    assertThat(provider.credentialsFor(AuthScope.of("plain", 80, "digest")).orElseThrow().source())
        .isEqualTo("http_proxy");
    assertThat(provider.credentialsFor(AuthScope.of("proxy.example", 8080, "basic"))).isEmpty();
    assertThat(provider.credentialsFor(AuthScope.of("origin.example", 3128, "basic"))).isEmpty();
  }

  @Test
  void environmentIsReadAgainOnEveryCall() {
    Map<String, String> env = map("https_proxy", "http://alice:old@p:1");
    CredentialProvider provider = CredentialProvider.fromEnvironment(env::get);

    env.put("https_proxy", "http://alice:new@p:1");

    assertThat(provider.credentialsFor(AuthScope.of("p", 1, "basic")).orElseThrow().password())
        .containsExactly('n', 'e', 'w');
  }

  @Test
  void systemPropertyCredentialsNameTheirSourceAndProxy() {
    CredentialProvider provider = CredentialProvider.fromSystemProperties(map(
        "http.proxyHost", "plain", "http.proxyUser", "carol", "http.proxyPassword", "pw",
        "https.proxyHost", "tls", "https.proxyUser", "dave")::get);

    assertThat(provider.credentialsFor(AuthScope.of("plain", 80, "basic")).orElseThrow().source())
        .isEqualTo("system property http.proxyUser");
    assertThat(provider.credentialsFor(AuthScope.of("tls", 443, "basic")).orElseThrow().password())
        .isEmpty();
    assertThat(provider.credentialsFor(AuthScope.of("tls", 80, "basic"))).isEmpty();
  }

  @Test
  void userWithoutProxyHostIsNeverAnswered() {
    CredentialProvider provider = CredentialProvider.fromSystemProperties(
        map("https.proxyUser", "eve", "https.proxyPassword", "pw")::get);

    assertThat(provider.credentialsFor(AuthScope.of("anything", 443, "basic"))).isEmpty();
  }

  @Test
  void discoveryCredentialsFollowThePrecedence() {
    ProxyDiscovery discovery = ProxyDiscovery.builder().proxy("http://explicit:pw@shared:3128")
        .systemProperties(map("https.proxyHost", "shared", "https.proxyPort", "3128",
            "https.proxyUser", "props")::get)
        .environment(map("HTTPS_PROXY", "http://env:pw@shared:3128", "ALL_PROXY", "http://all:pw@other:1")::get)
        .build();
    CredentialProvider provider = discovery.credentials();

    assertThat(provider.credentialsFor(AuthScope.of("shared", 3128, "basic")).orElseThrow().source())
        .isEqualTo("proxy URL configured in code");
    assertThat(provider.credentialsFor(AuthScope.of("other", 1, "basic")).orElseThrow().source())
        .isEqualTo("ALL_PROXY");
  }

  @Test
  void canaryPasswordsNeverAppearInExplanationsOrToString() throws Exception {
    ProxyDiscovery discovery = ProxyDiscovery.builder()
        .systemProperties(map("http.proxyHost", "prop", "http.proxyUser", "u", "http.proxyPassword", CANARY)::get)
        .environment(map("HTTPS_PROXY", "http://alice:" + CANARY + "@proxy:3128",
            "NO_PROXY", "internal.example")::get)
        .build();
    ProxyDiscovery explicit = ProxyDiscovery.builder().proxy("http://bob:" + CANARY + "@p:1").build();
    List<URI> targets = List.of(URI.create("https://user:" + CANARY + "@origin.example/" + CANARY),
        URI.create("http://user:" + CANARY + "@origin.example/?" + CANARY),
        URI.create("https://internal.example/" + CANARY));

    for (URI target : targets) {
      for (ProxyDiscovery d : List.of(discovery, explicit)) {
        Route route = d.explain(target);
        assertThat(route.explanation()).doesNotContain(CANARY);
        assertThat(route.toString()).doesNotContain(CANARY);
        assertThat(route.target().toString()).doesNotContain(CANARY).doesNotContain("user");
        assertThat(d.select(target).toString()).doesNotContain(CANARY);
        assertThat(d.toString()).doesNotContain(CANARY);
      }
    }
    assertThat(discovery.credentials().credentialsFor(AuthScope.of("proxy", 3128, "basic"))
        .orElseThrow().toString()).doesNotContain(CANARY);
  }

  @Test
  void canaryPasswordNeverAppearsInConfigurationErrors() {
    var builder = ProxyDiscovery.builder()
        .environment(map("HTTPS_PROXY", "http://alice:" + CANARY + "@proxy:99999")::get);

    assertThatThrownBy(builder::build).satisfies(e -> assertThat(e.getMessage()).doesNotContain(CANARY));
    assertThatThrownBy(() -> ProxyDiscovery.builder().proxy("http://alice:" + CANARY))
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(CANARY));
    assertThatThrownBy(() -> ProxyDiscovery.builder().build()
        .select(URI.create("https://alice:" + CANARY + "@/x")))
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(CANARY));
  }
}
