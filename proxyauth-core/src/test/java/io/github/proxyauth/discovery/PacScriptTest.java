package io.github.proxyauth.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.proxyauth.ProxyAuthException;
import io.github.proxyauth.SettableClock;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Real PAC files evaluated in the sandbox, with a fake resolver and clock. */
class PacScriptTest {
  private final List<String> lookups = new CopyOnWriteArrayList<>();
  private final Map<String, String> dns = Map.of(
      "build.example", "10.1.2.3", "printer.example", "192.168.7.7", "www.public.example", "203.0.113.9");

  private final Function<String, List<InetAddress>> resolver = host -> {
    lookups.add(host);
    String ip = dns.get(host);
    try {
      return ip == null ? List.of() : List.of(InetAddress.getByAddress(host, InetAddress.getByName(ip).getAddress()));
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  };

  static Path resource(String name) throws Exception {
    return Path.of(PacScriptTest.class.getResource("/pac/" + name).toURI());
  }

  private PacScript script(String name) throws Exception {
    return PacScript.builder().file(resource(name)).resolver(resolver)
        .timeout(Duration.ofMillis(300)).build();
  }

  @ParameterizedTest(name = "[{index}] {0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "http://fileserver/share|DIRECT",                                  // isPlainHostName
      "https://hr.intranet.example/|DIRECT",                             // dnsDomainIs
      "https://wiki/|DIRECT",                                           // plain name again
      "https://wiki.corp.example/|DIRECT",                              // localHostOrDomainIs
      "https://build.example/|DIRECT",                                  // isInNet 10/8
      "http://printer.example:631/|DIRECT",                             // isInNet 192.168/16
      "https://api.partner.example/|PROXY partner-proxy.example:8080",  // shExpMatch
      "https://www.public.example/|PROXY proxy1.corp.example:3128; PROXY proxy2.corp.example:3128; DIRECT",
      "http://www.public.example/|PROXY proxy1.corp.example:3128; PROXY proxy2.corp.example:3128",
      "https://unknown.example/|PROXY proxy1.corp.example:3128; PROXY proxy2.corp.example:3128; DIRECT"})
  void routesByDomainAndAddressRange(String url, String expected) throws Exception {
    assertThat(script("corporate.pac").findProxyForUrl(URI.create(url))).isEqualTo(expected);
  }

  @Test
  void failOverListBecomesTheSelectorsOrder() throws Exception {
    ProxyDiscovery discovery = ProxyDiscovery.builder().pac(script("corporate.pac")).build();

    assertThat(discovery.select(URI.create("https://www.public.example/")))
        .extracting(p -> p.type() + " " + p.address())
        .containsExactly("HTTP proxy1.corp.example/<unresolved>:3128",
            "HTTP proxy2.corp.example/<unresolved>:3128", "DIRECT null");
  }

  @Test
  void cachesResultsPerSchemeHostAndPort() throws Exception {
    PacScript script = script("stateful.pac");

    String first = script.findProxyForUrl(URI.create("https://a.example/one"));
    String again = script.findProxyForUrl(URI.create("https://A.example:443/two?x"));
    String otherPort = script.findProxyForUrl(URI.create("https://a.example:8443/"));
    String otherScheme = script.findProxyForUrl(URI.create("http://a.example/"));

    assertThat(first).isEqualTo("PROXY p1.example:3128").isEqualTo(again);
    assertThat(otherPort).isEqualTo("PROXY p2.example:3128");
    assertThat(otherScheme).isEqualTo("PROXY p3.example:3128");
  }

  @Test
  void cacheEntriesExpireAfterTheirTtl() throws Exception {
    SettableClock clock = new SettableClock(Instant.parse("2026-01-05T10:00:00Z"), ZoneId.of("UTC"));
    PacScript script = PacScript.builder().file(resource("stateful.pac")).clock(clock)
        .cache(10, Duration.ofMinutes(1)).build();
    URI uri = URI.create("https://a.example/");
    assertThat(script.findProxyForUrl(uri)).isEqualTo("PROXY p1.example:3128");

    clock.advance(Duration.ofSeconds(61));

    assertThat(script.findProxyForUrl(uri)).isEqualTo("PROXY p2.example:3128");
  }

  @Test
  void scriptSeesOnlySchemeHostAndNonDefaultPort() throws Exception {
    PacScript script = PacScript.builder().resolver(resolver)
        .source("echo", "function FindProxyForURL(url, host) { return url + ' ' + host; }").build();

    assertThat(script.findProxyForUrl(URI.create("https://u:pw@Host.example/secret/path?q=1#f")))
        .isEqualTo("https://host.example/ host.example");
    assertThat(script.findProxyForUrl(URI.create("http://[fd00::1]:8080/x")))
        .isEqualTo("http://[fd00::1]:8080/ fd00::1");
  }

  @Test
  void timeFunctionsUseTheInjectedClock() throws Exception {
    // 2026-01-05 is a Monday.
    SettableClock clock = new SettableClock(Instant.parse("2026-01-05T09:30:00Z"), ZoneId.of("Europe/Berlin"));
    PacScript script = PacScript.builder().file(resource("office-hours.pac")).clock(clock)
        .cache(0, Duration.ZERO).build();
    URI uri = URI.create("https://x.example/");
    assertThat(script.findProxyForUrl(uri)).isEqualTo("PROXY day.example:3128");

    clock.advance(Duration.ofHours(8)); // 18:30 in Berlin

    assertThat(script.findProxyForUrl(uri)).isEqualTo("PROXY night.example:3128");
  }

  @Test
  void endlessLoopIsStoppedByTheTimeLimit() throws Exception {
    PacScript script = script("endless-loop.pac");

    assertThatThrownBy(() -> script.findProxyForUrl(URI.create("https://x.example/")))
        .isInstanceOf(ProxyAuthException.class)
        .hasMessage("PAC script file " + resource("endless-loop.pac") + " ran longer than its time limit"
            + " of 300 ms while evaluating FindProxyForURL for https://x.example/ and was stopped (an"
            + " endless loop?)");
  }

  @Test
  void endlessLoopCannotCatchItsWayPastTheTimeLimit() throws Exception {
    PacScript script = script("endless-loop-with-catch.pac");

    assertThatThrownBy(() -> script.findProxyForUrl(URI.create("https://x.example/")))
        .isInstanceOf(ProxyAuthException.class).hasMessageContaining("time limit");
  }

  @Test
  void failureIsCachedSoALoopingScriptCostsItsLimitOnce() throws Exception {
    PacScript script = script("endless-loop.pac");
    URI uri = URI.create("https://x.example/");
    assertThatThrownBy(() -> script.findProxyForUrl(uri)).hasMessageContaining("time limit");

    assertThatThrownBy(() -> script.findProxyForUrl(uri)).hasMessageContaining("time limit");
  }

  @Test
  void endlessTopLevelFailsTheBuild() {
    assertThatThrownBy(() -> script("endless-top-level.pac"))
        .isInstanceOf(ProxyAuthException.class).hasMessageContaining("time limit")
        .hasMessageContaining("while loading");
  }

  @Test
  void deepRecursionIsAClearError() throws Exception {
    PacScript script = script("deep-recursion.pac");

    assertThatThrownBy(() -> script.findProxyForUrl(URI.create("https://x.example/")))
        .isInstanceOf(ProxyAuthException.class)
        .hasMessageContaining("deep-recursion.pac").hasMessageContaining("stack");
  }

  @Test
  void scriptWithoutFindProxyForUrlIsRefused() {
    assertThatThrownBy(() -> PacScript.builder().source("empty.pac", "var x = 1;").build())
        .isInstanceOf(ProxyAuthException.class)
        .hasMessage("PAC script empty.pac does not define a function FindProxyForURL(url, host)");
  }

  @Test
  void syntaxErrorNamesTheLine() {
    assertThatThrownBy(() -> PacScript.builder().source("broken.pac", "\nfunction FindProxyForURL( {").build())
        .isInstanceOf(ProxyAuthException.class)
        .hasMessageStartingWith("PAC script broken.pac failed while loading: ")
        .hasMessageEndingWith("(line 2)");
  }

  @Test
  void nonStringResultIsRefused() throws Exception {
    PacScript script = PacScript.builder().source("undef.pac", "function FindProxyForURL(u, h) {}").build();

    assertThatThrownBy(() -> script.findProxyForUrl(URI.create("https://x.example/")))
        .hasMessage("PAC script undef.pac returned undefined for https://x.example/: expected a string"
            + " such as \"PROXY host:port; DIRECT\"");
  }

  @Test
  void missingFileIsAClearError() {
    assertThatThrownBy(() -> PacScript.builder().file(Path.of("/nonexistent/proxy.pac")).build())
        .isInstanceOf(ProxyAuthException.class)
        .hasMessageStartingWith("Cannot read PAC file /nonexistent/proxy.pac");
  }

  @Test
  void buildWithoutSourceIsAProgrammingError() {
    assertThatThrownBy(() -> PacScript.builder().build()).isInstanceOf(IllegalStateException.class);
  }
}
