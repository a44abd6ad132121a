package io.github.proxyauth.internal.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The JDK proxy properties and the http.nonProxyHosts glob. */
class SystemPropertyDiscoveryTest {

  private static SystemPropertySettings props(String... pairs) {
    Map<String, String> map = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put(pairs[i], pairs[i + 1]);
    }
    return new SystemPropertySettings(map::get);
  }

  @Test
  void httpsProxyPortDefaultsTo443AndHttpTo80LikeTheJdk() {
    SystemPropertySettings props = props("https.proxyHost", "tls.example", "http.proxyHost", "plain.example");

    assertThat(props.proxyFor("https").orElseThrow().authority()).isEqualTo("tls.example:443");
    assertThat(props.proxyFor("http").orElseThrow().authority()).isEqualTo("plain.example:80");
  }

  @Test
  void eachSchemeUsesItsOwnProperties() {
    SystemPropertySettings props = props("http.proxyHost", "plain.example", "http.proxyPort", "3128");

    assertThat(props.proxyFor("http").orElseThrow().origin()).isEqualTo("system property http.proxyHost");
    assertThat(props.proxyFor("https")).isEmpty();
  }

  @Test
  void userAndPasswordBelongToThatSchemesProxy() {
    SystemPropertySettings props = props("https.proxyHost", "tls.example", "https.proxyPort", "8443",
        "https.proxyUser", "alice", "https.proxyPassword", "pw");

    var credentials = props.proxyFor("https").orElseThrow().credentials().orElseThrow();
    assertThat(credentials.user()).isEqualTo("alice");
    assertThat(credentials.source()).isEqualTo("system property https.proxyUser");
    assertThat(props.proxyFor("http")).isEmpty();
  }

  @Test
  void acceptsIpv6HostWithOrWithoutBrackets() {
    assertThat(props("http.proxyHost", "[fd00::1]").proxyFor("http").orElseThrow().authority())
        .isEqualTo("[fd00::1]:80");
    assertThat(props("http.proxyHost", "fd00::1").proxyFor("http").orElseThrow().authority())
        .isEqualTo("[fd00::1]:80");
  }

  @Test
  void malformedPortNamesTheProperty() {
    assertThatThrownBy(props("https.proxyHost", "p", "https.proxyPort", "80a")::validate)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Malformed proxy in system property https.proxyPort: expected a port number"
            + " 1..65535 after ':' but saw a non-digit character");
  }

  @ParameterizedTest(name = "[{index}] http.nonProxyHosts={0} host {1} -> {2}")
  @CsvSource(nullValues = "UNSET", value = {
      "UNSET, localhost, localhost",           // JDK default list
      "UNSET, 127.0.0.1, 127.*",
      "UNSET, [::1], [::1]",
      "UNSET, ::1, [::1]",
      "UNSET, example.com, ",
      "*.corp.example, www.corp.example, *.corp.example",
      "*.corp.example, corp.example, ",       // glob, not domain semantics
      "*.corp.example, localhost, localhost", // a set list keeps the JDK defaults
      "10.*|*.internal, 10.1.2.3, 10.*",
      "10.*|*.internal, db.INTERNAL, *.internal",
      "*mid*, amidst.example, *mid*",
      "*, anything.example, *",
      "exact.example, EXACT.example, exact.example",
      "exact.example, www.exact.example, "})
  void nonProxyHostsUsesTheJdkGlob(String property, String host, String expected) {
    NonProxyHosts hosts = NonProxyHosts.of(Optional.ofNullable(property));

    assertThat(hosts.match(host)).isEqualTo(Optional.ofNullable(expected));
  }

  @Test
  void emptyNonProxyHostsExemptsNothingNotEvenLocalhost() {
    assertThat(NonProxyHosts.of(Optional.of("")).match("localhost")).isEmpty();
  }
}
