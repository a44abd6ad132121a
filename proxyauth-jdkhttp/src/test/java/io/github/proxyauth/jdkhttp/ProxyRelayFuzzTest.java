package io.github.proxyauth.jdkhttp;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyauth.fuzz.FuzzExchange;
import io.github.proxyauth.fuzz.FuzzMutator;
import io.github.proxyauth.fuzz.ThreadDeaths;
import io.github.proxyauth.relay.ProxyRelay;
import io.github.proxyauth.testkit.TestProxy;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import mockwebserver3.MockWebServer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.junit.jupiter.api.Timeout;

/**
 * Mutation fuzzing of the relay's HTTP request parsing, the relay's untrusted input: raw bytes to
 * its loopback port. Every input gets a response head or a close within the socket timeout (no
 * hang), clients without the secret get only 400 or 403 and reach nothing upstream, no relay
 * thread dies of an exception, and the relay keeps serving. Seeds: {@code fuzz/relay-request}
 * ({@code {{ORIGIN}}} and {@code {{SECRET}}} are filled in before mutating). Longer run:
 * {@code -Dproxyauth.fuzz.scale=N}.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ProxyRelayFuzzTest {
  static final String SEED = "20261128";
  static final AtomicLong EXECUTIONS = new AtomicLong();
  static ThreadDeaths relayThreads;
  static MockWebServer origin;
  static TestProxy proxy;
  static ProxyRelay relay;
  static InetSocketAddress relayAddress;
  static List<byte[]> seeds;
  static FuzzMutator mutator;

  @BeforeContainer
  static void start() throws Exception {
    relayThreads = ThreadDeaths.watch("proxyauth-relay-");
    origin = Fixtures.origin(false, false);
    proxy = TestProxy.builder().user(Fixtures.USER, Fixtures.PASSWORD).basic("corp")
        .timeout(Duration.ofSeconds(3)).build();
    relay = ProxyRelay.builder(Fixtures.authenticator("basic", Fixtures.PASSWORD))
        .upstream(ProxySelector.of(proxy.address())).idleTimeout(Duration.ofSeconds(3)).build();
    relayAddress = (InetSocketAddress) relay.proxySelector()
        .select(URI.create("http://127.0.0.1:" + origin.getPort() + "/")).get(0).address();
    seeds = loadSeeds();
    mutator = new FuzzMutator(seeds, List.of("\r\n", "\n", "\r\n\r\n", " ", "HTTP/1.1",
        "Content-Length: 99999\r\n", "Transfer-Encoding: chunked\r\n", "Content-Length: 1, 2\r\n",
        "Expect: 100-continue\r\n", "CONNECT ", "http://", ":0", "[::1]:80", "\u0000",
        "Proxy-Relay-Token: \r\n", "Connection: close\r\n", "ffffffffffffffff\r\n"), 70_000);
  }

  @AfterContainer
  static void stop() throws Exception {
    System.out.println("proxyauth fuzz executions: relay-request=" + EXECUTIONS.get());
    try {
      relay.close();
      proxy.close();
      origin.close();
    } finally {
      relayThreads.close();
    }
  }

  @Provide
  Arbitrary<Integer> seedIndex() {
    return Arbitraries.integers().between(0, seeds.size() - 1);
  }

  @Property(tries = 300, seed = SEED)
  void mutatedRequestsGetAResponseOrACloseAndNoRelayThreadDies(@ForAll("seedIndex") int index,
      @ForAll long salt) throws Exception {
    int scale = Math.max(1, Integer.getInteger("proxyauth.fuzz.scale", 1));
    for (int i = 0; i < scale; i++) {
      SplittableRandom random = new SplittableRandom(salt + i * 0x9E3779B97F4A7C15L);
      byte[] input = mutator.mutate(seeds.get(index), random);
      boolean hasSecret = new String(input, StandardCharsets.ISO_8859_1).contains(relay.secret());
      int before = proxy.requestCount();
      String response = exchange(input);
      remember(input, response);
      assertThat(response).satisfiesAnyOf(r -> assertThat(r).isEmpty(),
          r -> assertThat(r).startsWith("HTTP/1."));
      if (!hasSecret) {
        assertThat(response).satisfiesAnyOf(r -> assertThat(r).isEmpty(),
            r -> assertThat(r).startsWith("HTTP/1.1 403 "), r -> assertThat(r).startsWith(
                "HTTP/1.1 400 "));
        assertThat(proxy.requestCount()).as("nothing reaches the proxy without the secret")
            .isEqualTo(before);
      }
      assertThat(relayThreads.deaths()).isEmpty();
      EXECUTIONS.incrementAndGet();
    }
    if ((salt & 15) == 0) {
      assertThat(exchange(fill(seeds.get(0)))).as("a valid request after: %s", RECENT)
          .startsWith("HTTP/1.1 200 ");
    }
  }

  /** The last inputs and the first line of their answers, for a failing liveness check. */
  static final java.util.Deque<String> RECENT = new java.util.ArrayDeque<>();

  static void remember(byte[] input, String response) {
    String shown = new String(input, 0, Math.min(input.length, 300), StandardCharsets.ISO_8859_1)
        .replace("\r", "\\r").replace("\n", "\\n").replace(relay.secret(), "<secret>");
    RECENT.addLast(shown + " => " + response.lines().findFirst().orElse("(closed)"));
    if (RECENT.size() > 64) {
      RECENT.removeFirst();
    }
  }

  /** Sends {@code input}, half-closes, and returns what the relay answered before closing. */
  static String exchange(byte[] input) throws IOException {
    return FuzzExchange.exchange(relayAddress, "relay", input);
  }

  static byte[] fill(byte[] seed) {
    return new String(seed, StandardCharsets.ISO_8859_1)
        .replace("{{ORIGIN}}", "127.0.0.1:" + origin.getPort())
        .replace("{{SECRET}}", relay.secret()).getBytes(StandardCharsets.ISO_8859_1);
  }

  static List<byte[]> loadSeeds() throws Exception {
    Path dir = Path.of(ProxyRelayFuzzTest.class.getClassLoader()
        .getResource("fuzz/relay-request").toURI());
    try (Stream<Path> files = Files.list(dir)) {
      List<byte[]> raw = files.sorted().map(f -> {
        try {
          return Files.readAllBytes(f);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).toList();
      return raw.stream().map(ProxyRelayFuzzTest::fill).toList();
    }
  }
}
