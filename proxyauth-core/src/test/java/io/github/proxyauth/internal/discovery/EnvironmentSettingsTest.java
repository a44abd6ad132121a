package io.github.proxyauth.internal.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The *_proxy variables with curl's precedence. */
class EnvironmentSettingsTest {

  private static EnvironmentSettings env(String... pairs) {
    Map<String, String> map = new java.util.HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put(pairs[i], pairs[i + 1]);
    }
    return new EnvironmentSettings(map::get);
  }

  private static String proxy(EnvironmentSettings env, String scheme) {
    return env.proxyFor(scheme).map(u -> u.origin() + "=" + u.authority()).orElse("none");
  }

  @Test
  void lowerCaseHttpsProxyWinsOverUpperCase() {
    EnvironmentSettings env = env("https_proxy", "http://lower:1", "HTTPS_PROXY", "http://upper:2");

    assertThat(proxy(env, "https")).isEqualTo("https_proxy=lower:1");
  }

  @Test
  void upperCaseHttpsProxyIsUsedWhenLowerCaseIsUnset() {
    assertThat(proxy(env("HTTPS_PROXY", "http://upper:2"), "https")).isEqualTo("HTTPS_PROXY=upper:2");
  }

  @Test
  void upperCaseHttpProxyIsIgnoredBecauseOfHttpoxy() {
    EnvironmentSettings env = env("HTTP_PROXY", "http://attacker:8080");

    assertThat(proxy(env, "http")).isEqualTo("none");
    assertThat(env.ignoresUpperCaseHttpProxy()).isTrue();
  }

  @Test
  void lowerCaseHttpProxyIsUsedForHttpOnly() {
    EnvironmentSettings env = env("http_proxy", "http://p:3128");

    assertThat(proxy(env, "http")).isEqualTo("http_proxy=p:3128");
    assertThat(proxy(env, "https")).isEqualTo("none"); // curl: https never falls back to http_proxy
  }

  @Test
  void allProxyIsTheFallbackForBothSchemesLowerCaseFirst() {
    EnvironmentSettings env = env("all_proxy", "http://lower:1", "ALL_PROXY", "http://upper:2");

    assertThat(proxy(env, "http")).isEqualTo("all_proxy=lower:1");
    assertThat(proxy(env, "https")).isEqualTo("all_proxy=lower:1");
  }

  @Test
  void schemeSpecificVariableWinsOverAllProxy() {
    EnvironmentSettings env = env("ALL_PROXY", "http://all:1", "HTTPS_PROXY", "http://tls:2");

    assertThat(proxy(env, "https")).isEqualTo("HTTPS_PROXY=tls:2");
    assertThat(proxy(env, "http")).isEqualTo("ALL_PROXY=all:1");
  }

  @Test
  void emptyValueCountsAsUnset() {
    EnvironmentSettings env = env("https_proxy", "", "HTTPS_PROXY", "http://upper:2", "no_proxy", "",
        "NO_PROXY", "corp.example");

    assertThat(proxy(env, "https")).isEqualTo("HTTPS_PROXY=upper:2");
    assertThat(env.noProxy().orElseThrow().origin()).isEqualTo("NO_PROXY");
  }

  @Test
  void lowerCaseNoProxyWins() {
    EnvironmentSettings env = env("no_proxy", "a.example", "NO_PROXY", "b.example");

    assertThat(env.noProxy().orElseThrow().match("a.example", 443)).isPresent();
    assertThat(env.noProxy().orElseThrow().match("b.example", 443)).isEmpty();
  }

  @Test
  void validateReportsTheMalformedVariableByName() {
    EnvironmentSettings env = env("ALL_PROXY", "socks5h://proxy:1080");

    assertThatThrownBy(env::validate)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Malformed proxy URL in ALL_PROXY");
  }

  @Test
  void validateReportsAMalformedNoProxy() {
    assertThatThrownBy(env("no_proxy", "10.0.0.0/40")::validate)
        .hasMessageContaining("Malformed no_proxy entry '10.0.0.0/40'");
  }

  @Test
  void nothingSetMeansNoProxy() {
    EnvironmentSettings env = env();

    assertThat(proxy(env, "http")).isEqualTo("none");
    assertThat(env.noProxy()).isEmpty();
    assertThat(env.ignoresUpperCaseHttpProxy()).isFalse();
  }
}
