package io.github.proxyauth.internal.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.proxyauth.Credentials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ProxyUrlTest {
  private static final String CANARY = "CANARY-pw-7f3e";

  @Test
  void parsesHostAndPort() {
    ProxyUrl url = ProxyUrl.parse("http://Proxy.Corp.Example:3128", "HTTPS_PROXY");

    assertThat(url.host()).isEqualTo("proxy.corp.example");
    assertThat(url.port()).isEqualTo(3128);
    assertThat(url.credentials()).isEmpty();
    assertThat(url.origin()).isEqualTo("HTTPS_PROXY");
  }

  @ParameterizedTest
  @CsvSource({
      "http://proxy, 1080",     // curl's default proxy port, not the URL default 80
      "proxy, 1080",            // scheme-less means http, same default
      "proxy:8080, 8080",
      "HTTP://proxy:3128/, 3128",
      "'  http://proxy:3128  ', 3128"})
  void schemeLessMeansHttpAndDefaultPortIsCurls1080(String value, int port) {
    ProxyUrl url = ProxyUrl.parse(value, "http_proxy");

    assertThat(url.host()).isEqualTo("proxy");
    assertThat(url.port()).isEqualTo(port);
  }

  @Test
  void parsesBracketedIpv6() {
    ProxyUrl url = ProxyUrl.parse("http://[fd00::1]:3128", "https_proxy");

    assertThat(url.host()).isEqualTo("fd00::1");
    assertThat(url.authority()).isEqualTo("[fd00::1]:3128");
  }

  @Test
  void percentDecodesUserinfoIntoCredentialsNamedForTheVariable() {
    ProxyUrl url = ProxyUrl.parse("http://CORP%5Calice:p%40ss%3Aw%C3%B6rd@proxy:3128", "HTTPS_PROXY");

    Credentials credentials = url.credentials().orElseThrow();
    assertThat(credentials.user()).isEqualTo("CORP\\alice");
    assertThat(credentials.domain()).contains("CORP");
    assertThat(credentials.account()).isEqualTo("alice");
    assertThat(new String(credentials.password())).isEqualTo("p@ss:wörd");
    assertThat(credentials.source()).isEqualTo("HTTPS_PROXY");
  }

  @Test
  void userWithoutPasswordHasEmptyPassword() {
    Credentials credentials = ProxyUrl.parse("http://alice@proxy:3128", "http_proxy")
        .credentials().orElseThrow();

    assertThat(credentials.user()).isEqualTo("alice");
    assertThat(credentials.password()).isEmpty();
  }

  @Test
  void takesTheLastAtSignAsTheEndOfUserinfo() {
    Credentials credentials = ProxyUrl.parse("http://alice:a@b@proxy:3128", "http_proxy")
        .credentials().orElseThrow();

    assertThat(new String(credentials.password())).isEqualTo("a@b");
  }

  @Test
  void refusesSocksWithAClearReason() {
    assertThatThrownBy(() -> ProxyUrl.parse("socks5://proxy:1080", "ALL_PROXY"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Malformed proxy URL in ALL_PROXY: expected [http://][user[:password]@]host[:port]"
            + " but saw scheme 'socks5' (SOCKS proxies are not supported: proxyauth authenticates"
            + " HTTP proxies)");
  }

  @Test
  void refusesHttpsProxiesWithAClearReason() {
    assertThatThrownBy(() -> ProxyUrl.parse("https://proxy:443", "HTTPS_PROXY"))
        .hasMessageContaining("saw scheme 'https'")
        .hasMessageContaining("TLS to the proxy is off: turn it on with"
            + " ProxyDiscovery.Builder.tlsProxies(true)");
  }

  @ParameterizedTest
  @CsvSource({
      "https://proxy:8443, 8443",
      "HTTPS://proxy, 443",       // curl's default for https proxies
      "https://proxy/, 443"})
  void parsesHttpsProxiesWhenAllowed(String value, int port) {
    ProxyUrl url = ProxyUrl.parse(value, "HTTPS_PROXY", true);

    assertThat(url.tls()).isTrue();
    assertThat(url.host()).isEqualTo("proxy");
    assertThat(url.port()).isEqualTo(port);
  }

  @Test
  void httpIsNotTlsEvenWhenTlsIsAllowed() {
    assertThat(ProxyUrl.parse("http://proxy:3128", "HTTPS_PROXY", true).tls()).isFalse();
    assertThat(ProxyUrl.parse("proxy:3128", "HTTPS_PROXY", true).tls()).isFalse();
  }

  @Test
  void tlsRefusalIsTheMessageParseGives() {
    assertThatThrownBy(() -> ProxyUrl.parse("https://proxy:443", "HTTPS_PROXY"))
        .hasMessage(ProxyUrl.tlsRefused("HTTPS_PROXY").getMessage());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "ftp://proxy:21|scheme 'ftp'",
      "http://|no host",
      "''|an empty value",
      "http://proxy:3128/path|a path, query or fragment",
      "http://proxy:3128?x=1|a path, query or fragment",
      "http://proxy:0|saw 0",
      "http://proxy:65536|saw 65536",
      "http://proxy:|saw nothing",
      "http://proxy:31x8|a non-digit character",
      "http://fd00::1:3128|several ':'",
      "http://[fd00::1:3128|'[' without a closing ']'",
      "http://[not-v6]:3128|not an IPv6 literal",
      "http://pro xy:3128|character ' ' at index 3",
      "http://%zz@proxy|a '%' not followed by two hex digits",
      "http://:secret@proxy|an empty user name"})
  void rejectsMalformedUrlsSayingWhatWasSeen(String value, String seen) {
    assertThatThrownBy(() -> ProxyUrl.parse(value, "https_proxy"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("https_proxy")
        .hasMessageContaining("expected")
        .hasMessageContaining(seen);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "http://alice:" + CANARY,                 // forgot '@host': the password would be the "port"
      "http://alice:" + CANARY + "@",            // no host
      "http://alice:" + CANARY + "@proxy:99999", // bad port
      "http://alice:" + CANARY + "@[::1",        // bad IPv6
      "socks5://alice:" + CANARY + "@proxy",     // unsupported scheme
      "http://alice:" + CANARY + "%zz@proxy",    // bad escape
      "http://alice:" + CANARY + "@proxy/x"})    // path
  void errorsNeverRepeatThePassword(String value) {
    assertThatThrownBy(() -> ProxyUrl.parse(value, "HTTPS_PROXY"))
        .isInstanceOf(IllegalArgumentException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(CANARY));
  }

  @Test
  void toStringNeverShowsThePassword() {
    ProxyUrl url = ProxyUrl.parse("http://alice:" + CANARY + "@proxy:3128", "HTTPS_PROXY");

    assertThat(url.toString()).doesNotContain(CANARY).contains("alice");
  }
}
