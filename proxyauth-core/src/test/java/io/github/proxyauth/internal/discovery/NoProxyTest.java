package io.github.proxyauth.internal.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * NO_PROXY matching, one row per case. "curl" rows follow curl's documented behaviour
 * (CURLOPT_NOPROXY, lib/noproxy.c); "choice" rows are where tools differ (anchors.md §3) and say
 * what we chose and who agrees.
 */
class NoProxyTest {

  static Stream<Arguments> table() {
    return Stream.of(
        row("localhost", "localhost", 80, "localhost", "curl: exact host"),
        row("example.com", "example.com", 443, "example.com", "curl: exact host"),
        row("example.com", "www.example.com", 443, "example.com", "curl: suffix on a dot boundary"),
        row("example.com", "a.b.example.com", 443, "example.com", "curl: any depth of subdomain"),
        row("example.com", "notexample.com", 443, null, "curl: not a dot boundary (requests' endswith would match)"),
        row("example.com", "example.com.evil.org", 443, null, "curl: suffix, not prefix"),
        row(".example.com", "example.com", 443, ".example.com", "choice (curl): leading dot ignored; Go matches subdomains only"),
        row(".example.com", "www.example.com", 443, ".example.com", "curl: leading dot form"),
        row("example.com.", "www.example.com", 443, "example.com.", "curl: trailing dot in the entry ignored"),
        row("example.com", "www.example.com.", 443, "example.com", "curl: trailing dot in the host ignored"),
        row("EXAMPLE.com", "Www.Example.COM", 443, "example.com", "curl: case-insensitive"),
        row("*", "anything.example", 443, "*", "curl: '*' alone matches all"),
        row("a.example,*", "other.example", 443, "*", "choice (Go): '*' as one entry of several also matches all; curl only as the whole value"),
        row("*.example.com", "www.example.com", 443, "*.example.com", "choice (Go): '*.x' means '.x'; curl never matches it"),
        row("*.example.com", "example.com", 443, "*.example.com", "choice: '*.x' is '.x', which (curl) includes x"),
        row(" a.example , b.example ", "b.example", 80, "b.example", "curl: spaces around entries ignored"),
        row("", "example.com", 443, null, "empty list exempts nothing"),
        row("localhost", "127.0.0.1", 80, null, "choice (curl): loopback is not implicit; Go always bypasses it"),
        row("192.168.1.10", "192.168.1.10", 80, "192.168.1.10", "curl: IPv4 literal"),
        row("192.168.1.10", "192.168.1.100", 80, null, "IPv4 literals compare as addresses, not prefixes"),
        row("192.168.1", "192.168.1.5", 80, null, "curl: a partial address is a name and never matches an IP host"),
        row("10.0.0.0/8", "10.20.30.40", 80, "10.0.0.0/8", "curl >= 7.86: IPv4 CIDR"),
        row("10.0.0.0/8", "11.0.0.1", 80, null, "curl: outside the range"),
        row("192.168.0.0/16", "192.168.255.1", 80, "192.168.0.0/16", "curl: IPv4 CIDR"),
        row("10.0.0.0/8", "ten.example", 80, null, "choice (curl, Go): names are never resolved for CIDR"),
        row("::1", "[::1]", 80, "::1", "curl: IPv6 without brackets"),
        row("[::1]", "[::1]", 80, "[::1]", "choice: brackets accepted in the entry"),
        row("::1", "[0:0:0:0:0:0:0:1]", 80, "::1", "choice: IPv6 compares as addresses; curl compares text"),
        row("fd00::/8", "[fd12:3456::1]", 443, "fd00::/8", "curl: IPv6 CIDR"),
        row("fd00::/8", "[fe80::1]", 443, null, "curl: outside the IPv6 range"),
        row("10.0.0.0/8", "[::ffff:10.0.0.1]", 80, null, "families do not mix: an IPv4-mapped IPv6 host is IPv6"),
        row("example.com:8080", "example.com", 8080, "example.com:8080", "choice (Go, requests): a port in the entry"),
        row("example.com:8080", "example.com", 443, null, "choice: the entry's port must match; curl has no ports"),
        row("[::1]:8080", "[::1]", 8080, "[::1]:8080", "choice: bracketed IPv6 with a port"),
        row("[::1]:8080", "[::1]", 80, null, "choice: other port"),
        row("example.com", "10.0.0.1", 80, null, "a name entry never matches an IP host"));
  }

  private static Arguments row(String noProxy, String host, int port, String expected, String why) {
    return Arguments.of(noProxy, host, port, expected, why);
  }

  @ParameterizedTest(name = "[{index}] NO_PROXY=''{0}'' {1}:{2} -> {3} ({4})")
  @MethodSource("table")
  void matchesLikeTheTable(String noProxy, String host, int port, String expected, String why) {
    Optional<String> match = NoProxy.parse(noProxy, "NO_PROXY").match(host, port);

    assertThat(match).as(why).isEqualTo(Optional.ofNullable(expected));
  }

  @ParameterizedTest
  @ValueSource(strings = {"10.*", "*example.com", "ex*ample.com", "10.0.0.0/33", "::/129",
      "300.0.0.0/8", "10.0.0.0/", "example.com:0", "example.com:99999", "example.com:http",
      "fe80::zz", "[::1", ".", "*.", "a.example b.example"})
  void rejectsEntriesThatCannotMeanAnything(String entry) {
    assertThatThrownBy(() -> NoProxy.parse("ok.example, " + entry, "no_proxy"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no_proxy")
        .hasMessageContaining("expected");
  }

  @org.junit.jupiter.api.Test
  void rejectionSaysWhatToWriteInstead() {
    assertThatThrownBy(() -> NoProxy.parse("10.*", "NO_PROXY"))
        .hasMessage("Malformed NO_PROXY entry '10.*': expected '*' alone or a leading '*.' (other"
            + " wildcards are not supported; for addresses use CIDR, 10.0.0.0/8)");
  }
}
