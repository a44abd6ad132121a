package io.github.proxyauth.internal.pac;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyauth.ProxyAuthException;
import io.github.proxyauth.discovery.HttpsProxy;
import io.github.proxyauth.discovery.PacScript;
import io.github.proxyauth.discovery.ProxyDiscovery;
import io.github.proxyauth.fuzz.FuzzBudget;
import io.github.proxyauth.fuzz.FuzzCorpus;
import io.github.proxyauth.fuzz.FuzzMutator;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import org.junit.jupiter.api.Timeout;

/**
 * Mutation fuzzing of {@code FindProxyForURL} results: {@link PacResult#parse} returns usable or
 * skipped entries or throws {@link IllegalArgumentException}; through a real script and
 * {@link ProxyDiscovery} a malformed result goes DIRECT or, failing closed, surfaces as an
 * {@link UncheckedIOException} wrapping a {@link ProxyAuthException}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PacResultFuzzTest {
  static final String TARGET = "pac-result";
  static final List<byte[]> SEEDS = FuzzCorpus.load(TARGET);
  static final FuzzMutator MUTATOR = new FuzzMutator(SEEDS, List.of("PROXY ", "DIRECT", "; ",
      "SOCKS5 ", "HTTPS ", ":3128", ":0", ":65536", ":99999999999", "[::1]", "[", "]", "\t",
      "\u2003", "\u0085", "@", "/"), 70_000);

  @AfterContainer
  static void report() {
    FuzzBudget.report();
  }

  @Provide
  Arbitrary<byte[]> seeds() {
    return FuzzCorpus.seeds(TARGET);
  }

  @Property(tries = 2000, seed = FuzzBudget.SEED)
  void mutatedResultsParseOrFailWithIllegalArgumentException(@ForAll("seeds") byte[] seed,
      @ForAll long salt) {
    for (int i = 0; i < FuzzBudget.scale(); i++) {
      String result = text(MUTATOR.mutate(seed, new SplittableRandom(FuzzBudget.salt(salt, i))), FuzzBudget.salt(salt, i));
      try {
        PacResult parsed = PacResult.parse(result);
        assertThat(parsed.proxies().size() + parsed.skipped().size()).isPositive();
        assertThat(parsed.proxies()).allMatch(p -> p == Proxy.NO_PROXY
            || p.type() == Proxy.Type.HTTP && !(p instanceof HttpsProxy));
        PacResult withTls = PacResult.parse(result, true); // same grammar, HTTPS entries used
        assertThat(withTls.proxies().size() + withTls.skipped().size())
            .isEqualTo(parsed.proxies().size() + parsed.skipped().size());
        assertThat(withTls.proxies().stream().filter(HttpsProxy.class::isInstance).count())
            .isEqualTo(parsed.skipped().size() - withTls.skipped().size());
      } catch (IllegalArgumentException e) {
        assertThat(e.getMessage()).startsWith("Malformed PAC result").hasSizeLessThan(1_000);
      }
      FuzzBudget.count(TARGET);
    }
  }

  @Property(tries = 80, seed = FuzzBudget.SEED)
  void mutatedResultsFromARealScriptRouteOrFailClosed(@ForAll("seeds") byte[] seed,
      @ForAll long salt, @ForAll boolean goDirect) throws ProxyAuthException {
    String result = text(MUTATOR.mutate(seed, new SplittableRandom(salt)), salt);
    PacScript script = PacScript.builder().source("fuzz", "function FindProxyForURL(url, host)"
        + " { return \"" + jsEscape(result) + "\"; }").timeout(Duration.ofSeconds(5))
        .resolver(host -> List.of()).localAddress(InetAddress::getLoopbackAddress).build();
    ProxyDiscovery discovery = ProxyDiscovery.builder().pac(script)
        .pacFailureGoesDirect(goDirect).build();
    try {
      assertThat(discovery.select(URI.create("https://origin.example/"))).isNotEmpty();
    } catch (UncheckedIOException e) {
      assertThat(goDirect).as("only a fail-closed discovery throws").isFalse();
      assertThat(e.getCause()).isInstanceOf(ProxyAuthException.class);
    }
    assertThat(discovery.explain(URI.create("http://origin.example/")).explanation()).isNotBlank();
    FuzzBudget.count("pac-script");
  }

  /** Alternates Latin-1 and UTF-8 readings so that both byte and character edge cases occur. */
  static String text(byte[] bytes, long salt) {
    return new String(bytes, (salt & 1) == 0 ? StandardCharsets.ISO_8859_1
        : StandardCharsets.UTF_8);
  }

  static String jsEscape(String s) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      out.append(String.format("\\u%04x", (int) s.charAt(i)));
    }
    return out.toString();
  }
}
