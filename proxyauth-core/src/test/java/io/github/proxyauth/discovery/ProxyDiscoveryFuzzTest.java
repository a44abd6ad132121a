package io.github.proxyauth.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyauth.AuthScope;
import io.github.proxyauth.CredentialProvider;
import io.github.proxyauth.fuzz.FuzzBudget;
import io.github.proxyauth.fuzz.FuzzCorpus;
import io.github.proxyauth.fuzz.FuzzMutator;
import java.net.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import org.junit.jupiter.api.Timeout;

/**
 * Mutation fuzzing of proxy URLs and NO_PROXY lists through {@link ProxyDiscovery} and
 * {@link CredentialProvider} with an injected environment and system properties: malformed values
 * fail with {@link IllegalArgumentException} (never another exception, never DNS), well-formed
 * ones route every target, and no message repeats the canary password of a userinfo.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ProxyDiscoveryFuzzTest {
  static final String CANARY = "canary-Secr3t";
  static final List<byte[]> URLS = FuzzCorpus.load("proxy-url");
  static final List<byte[]> NO_PROXY = FuzzCorpus.load("no-proxy");
  static final FuzzMutator URL_MUTATOR = new FuzzMutator(URLS, List.of("http://", "://", "@",
      ":", "[", "]", "%", "%zz", "%c3%28", "/", "?q", "#f", ":65536", ":0", "::", "\u00e9",
      "\u0000", " "), 4_096);
  static final FuzzMutator NO_PROXY_MUTATOR = new FuzzMutator(NO_PROXY, List.of(",", "*", "*.",
      ".", "/", "/33", "/129", ":", "[", "]", "::ffff:", "0.0.0.0/0", " ", "\t", "\u3000"), 4_096);
  static final List<URI> TARGETS = List.of(URI.create("http://www.corp.example/"),
      URI.create("https://10.1.2.3:8443/x"), URI.create("https://[fd00::1]/"),
      URI.create("ws://localhost:80/"), URI.create("ftp://a/"), URI.create("http://EXAMPLE.com./"));

  @AfterContainer
  static void report() {
    FuzzBudget.report();
  }

  @Provide
  Arbitrary<byte[]> urls() {
    return Arbitraries.of(URLS);
  }

  @Provide
  Arbitrary<byte[]> noProxies() {
    return Arbitraries.of(NO_PROXY);
  }

  @Property(tries = 800, seed = FuzzBudget.SEED)
  void mutatedEnvironmentRoutesOrFailsWithIllegalArgumentException(@ForAll("urls") byte[] url,
      @ForAll("noProxies") byte[] noProxy, @ForAll long salt) {
    for (int i = 0; i < FuzzBudget.scale(); i++) {
      SplittableRandom random = new SplittableRandom(FuzzBudget.salt(salt, i));
      Map<String, String> env = new HashMap<>();
      env.put(random.nextBoolean() ? "https_proxy" : "HTTPS_PROXY", text(URL_MUTATOR.mutate(url,
          random), random));
      env.put("http_proxy", text(URL_MUTATOR.mutate(url, random), random));
      env.put(random.nextBoolean() ? "no_proxy" : "NO_PROXY",
          text(NO_PROXY_MUTATOR.mutate(noProxy, random), random));
      boolean tls = random.nextBoolean();
      routesOrFailsTyped(ProxyDiscovery.builder().tlsProxies(tls).environment(env::get), env, tls);
      FuzzBudget.count("proxy-env");
    }
  }

  @Property(tries = 400, seed = FuzzBudget.SEED)
  void mutatedSystemPropertiesRouteOrFailWithIllegalArgumentException(
      @ForAll("urls") byte[] url, @ForAll("noProxies") byte[] noProxy, @ForAll long salt) {
    for (int i = 0; i < FuzzBudget.scale(); i++) {
      SplittableRandom random = new SplittableRandom(FuzzBudget.salt(salt, i));
      Map<String, String> props = new HashMap<>();
      String host = text(URL_MUTATOR.mutate(url, random), random);
      props.put("https.proxyHost", host);
      props.put("https.proxyPort", text(URL_MUTATOR.mutate("3128".getBytes(
          StandardCharsets.US_ASCII), random), random));
      props.put("http.proxyHost", host);
      props.put("http.nonProxyHosts", text(NO_PROXY_MUTATOR.mutate(noProxy, random), random)
          .replace(',', '|'));
      props.put("https.proxyUser", "alice");
      props.put("https.proxyPassword", CANARY);
      routesOrFailsTyped(ProxyDiscovery.builder().systemProperties(props::get), props);
      FuzzBudget.count("proxy-properties");
    }
  }

  @Property(tries = 400, seed = FuzzBudget.SEED)
  void mutatedExplicitProxyAndNoProxyParseOrFailTyped(@ForAll("urls") byte[] url,
      @ForAll("noProxies") byte[] noProxy, @ForAll long salt) {
    for (int i = 0; i < FuzzBudget.scale(); i++) {
      SplittableRandom random = new SplittableRandom(FuzzBudget.salt(salt, i));
      String proxy = text(URL_MUTATOR.mutate(url, random), random);
      try {
        boolean tls = random.nextBoolean();
        ProxyDiscovery.Builder builder = ProxyDiscovery.builder().proxy(proxy).tlsProxies(tls)
            .noProxy(text(NO_PROXY_MUTATOR.mutate(noProxy, random), random));
        routesOrFailsTyped(builder, Map.of("proxy", proxy), tls);
      } catch (IllegalArgumentException e) {
        noCanary(e, proxy);
      }
      FuzzBudget.count("proxy-url");
    }
  }

  static void routesOrFailsTyped(ProxyDiscovery.Builder builder, Map<String, String> inputs) {
    routesOrFailsTyped(builder, inputs, false);
  }

  /** Also checks that an https proxy comes only from a discovery that opted in to them. */
  static void routesOrFailsTyped(ProxyDiscovery.Builder builder, Map<String, String> inputs,
      boolean tls) {
    ProxyDiscovery discovery;
    try {
      discovery = builder.build();
    } catch (IllegalArgumentException e) {
      inputs.values().forEach(v -> noCanary(e, v));
      return;
    }
    for (URI target : TARGETS) {
      List<Proxy> proxies = discovery.select(target);
      assertThat(proxies).isNotEmpty();
      if (!tls) {
        assertThat(proxies).noneMatch(HttpsProxy.class::isInstance);
      }
      Route route = discovery.explain(target);
      assertThat(route.explanation()).doesNotContain(CANARY);
      assertThat(route.toString()).doesNotContain(CANARY);
    }
    CredentialProvider credentials = discovery.credentials();
    for (Proxy proxy : discovery.select(TARGETS.get(1))) {
      if (proxy != Proxy.NO_PROXY) {
        var address = (java.net.InetSocketAddress) proxy.address();
        credentials.credentialsFor(AuthScope.of(address.getHostString(), address.getPort(),
            "basic")).ifPresent(c -> assertThat(c.toString()).doesNotContain(CANARY));
      }
    }
  }

  /** A message may only repeat the canary when the input did not hold it as a secret anyway. */
  static void noCanary(IllegalArgumentException e, String input) {
    assertThat(e.getMessage()).isNotBlank();
    if (input.contains(CANARY)) {
      assertThat(e.getMessage()).doesNotContain(CANARY);
    }
  }

  static String text(byte[] bytes, SplittableRandom random) {
    return new String(bytes, random.nextBoolean() ? StandardCharsets.ISO_8859_1
        : StandardCharsets.UTF_8);
  }
}
