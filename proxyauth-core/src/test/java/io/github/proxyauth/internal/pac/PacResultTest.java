package io.github.proxyauth.internal.pac;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.proxyauth.discovery.HttpsProxy;
import java.net.InetSocketAddress;
import java.net.Proxy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PacResultTest {

  private static Proxy http(String host, int port) {
    return new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(host, port));
  }

  @Test
  void parsesAFailOverListInOrder() {
    PacResult result = PacResult.parse("PROXY a.example:3128; HTTP b.example:8080;DIRECT");

    assertThat(result.proxies()).containsExactly(http("a.example", 3128), http("b.example", 8080), Proxy.NO_PROXY);
    assertThat(result.skipped()).isEmpty();
  }

  @Test
  void keywordsIgnoreCaseAndEmptyEntriesAreIgnored() {
    assertThat(PacResult.parse("  proxy  A.example:1 ;; direct ;").proxies())
        .containsExactly(http("a.example", 1), Proxy.NO_PROXY);
  }

  @Test
  void acceptsBracketedIpv6() {
    assertThat(PacResult.parse("PROXY [fd00::1]:3128").proxies()).containsExactly(http("fd00::1", 3128));
  }

  @Test
  void skipsWellFormedUnsupportedEntries() {
    PacResult result = PacResult.parse("HTTPS tls.example:443; SOCKS5 s.example:1080; SOCKS s:1; PROXY a:1");

    assertThat(result.proxies()).containsExactly(http("a", 1));
    assertThat(result.skipped()).containsExactly("HTTPS tls.example:443", "SOCKS5 s.example:1080", "SOCKS s:1");
  }

  @Test
  void usesHttpsEntriesAsHttpsProxiesWhenTlsIsAllowed() {
    PacResult result = PacResult.parse("HTTPS [fd00::1]:443; https t.example:8443; SOCKS s:1;"
        + " PROXY a:1", true);

    assertThat(result.proxies()).containsExactly(HttpsProxy.of("fd00::1", 443),
        HttpsProxy.of("t.example", 8443), http("a", 1));
    assertThat(result.proxies().subList(0, 2)).allMatch(HttpsProxy.class::isInstance);
    assertThat(result.proxies().get(2)).isNotInstanceOf(HttpsProxy.class);
    assertThat(result.skipped()).containsExactly("SOCKS s:1");
  }

  @Test
  void malformedHttpsEntriesAreRefusedEitherWay() {
    assertThatThrownBy(() -> PacResult.parse("HTTPS t.example", true))
        .hasMessageContaining("expected host:port but saw 'HTTPS t.example'");
    assertThatThrownBy(() -> PacResult.parse("HTTPS t.example", false))
        .hasMessageContaining("expected host:port but saw 'HTTPS t.example'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ; ", "PROXY", "PROXY a.example", "PROXY a.example:", "PROXY a:0",
      "PROXY a:70000", "PROXY a:1 b:2", "DIRECT a:1", "FTP a:21", "PROXY user:pw@a:1",
      "PROXY http://a:1", "SOCKS5 s", "PROXY a:1; BOGUS"})
  void rejectsMalformedResults(String result) {
    assertThatThrownBy(() -> PacResult.parse(result))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Malformed PAC result '")
        .hasMessageContaining("expected");
  }

  @Test
  void errorSaysWhatWasExpectedAndSeen() {
    assertThatThrownBy(() -> PacResult.parse("PROXY a:1; PROXIE b:2"))
        .hasMessage("Malformed PAC result 'PROXY a:1; PROXIE b:2': expected DIRECT, PROXY, HTTP,"
            + " HTTPS, SOCKS, SOCKS4 or SOCKS5 but saw 'PROXIE b:2'");
  }
}
