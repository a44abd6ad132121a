package io.github.proxyauth.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyauth.AuthScheme;
import io.github.proxyauth.Credentials;
import io.github.proxyauth.ProxyAuthenticator;
import io.github.proxyauth.fuzz.FuzzBudget;
import io.github.proxyauth.fuzz.FuzzCorpus;
import io.github.proxyauth.fuzz.FuzzExchange;
import io.github.proxyauth.fuzz.FuzzMutator;
import io.github.proxyauth.fuzz.ThreadDeaths;
import io.github.proxyauth.internal.http.HeadReader;
import io.github.proxyauth.internal.http.HttpProtocolException;
import io.github.proxyauth.testkit.TestProxy;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
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
 * Mutation fuzzing of {@link LocalProxy}'s client-facing parsing, with a local credential
 * configured: raw bytes to its port. Every input gets a response head or a close within the
 * socket timeout (no hang); an input without the local credential gets only 400 or 407; a
 * malformed head gets 400 and, like a 407, reaches nothing upstream (a well-formed head whose
 * body turns out malformed was streamed upstream by then, and is cut there); no answer
 * holds a password or the upstream credential; no relay thread dies; and the proxy keeps
 * serving. Seeds: {@code fuzz/local-proxy-request} ({@code {{ORIGIN}}} and {@code {{LOCAL}}},
 * the local credential, are filled in before mutating). Longer run:
 * {@code -Dproxyauth.fuzz.scale=N}.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class LocalProxyFuzzTest {
  static final String TARGET = "local-proxy-request";
  static final String UPSTREAM_PASSWORD = "canary-fuzz-upstream-4471";
  static final String LOCAL_PASSWORD = "canary-fuzz-local-9920";
  static final String LOCAL = Wire.basic("me", LOCAL_PASSWORD);
  static final Deque<String> RECENT = new ArrayDeque<>();
  static ThreadDeaths relayThreads;
  static MockWebServer origin;
  static TestProxy upstream;
  static LocalProxy proxy;
  static List<byte[]> seeds;
  static FuzzMutator mutator;

  @BeforeContainer
  static void start() throws Exception {
    relayThreads = ThreadDeaths.watch("proxyauth-relay-");
    origin = new MockWebServer();
    origin.setDispatcher(new mockwebserver3.Dispatcher() {
      @Override
      public MockResponse dispatch(mockwebserver3.RecordedRequest request) {
        // MockWebServer would send a body after a HEAD too: that is an origin fault, not input
        return request.getMethod().equals("HEAD") ? new MockResponse.Builder().build()
            : new MockResponse.Builder().body("hello").build();
      }
    });
    origin.start(InetAddress.getByName("127.0.0.1"), 0);
    upstream = TestProxy.builder().user("alice", UPSTREAM_PASSWORD).basic("corp")
        .timeout(Duration.ofSeconds(3)).build();
    proxy = LocalProxy.builder(ProxyAuthenticator.builder()
            .credentials(Credentials.of("alice", UPSTREAM_PASSWORD.toCharArray()))
            .schemes(AuthScheme.basic()).build())
        .listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
        .upstream(ProxySelector.of(upstream.address()))
        .localCredentials("me", LOCAL_PASSWORD.toCharArray())
        .idleTimeout(Duration.ofSeconds(3)).build();
    seeds = FuzzCorpus.load(TARGET).stream().map(LocalProxyFuzzTest::fill).toList();
    mutator = new FuzzMutator(seeds, List.of("\r\n", "\n", "\r\n\r\n", " ", "HTTP/1.1",
        "Content-Length: 99999\r\n", "Transfer-Encoding: chunked\r\n", "Content-Length: 1, 2\r\n",
        "Expect: 100-continue\r\n", "CONNECT ", "http://", ":0", "[::1]:80", "\u0000", "\u0016",
        "Proxy-Authorization: \r\n", "Proxy-Authorization: Basic Og==\r\n", LOCAL,
        "Connection: close\r\n", "ffffffffffffffff\r\n"), 70_000);
  }

  @AfterContainer
  static void stop() {
    FuzzBudget.report();
    try {
      proxy.close();
      upstream.close();
      origin.close();
    } finally {
      relayThreads.close();
    }
  }

  @Provide
  Arbitrary<Integer> seedIndex() {
    return Arbitraries.integers().between(0, seeds.size() - 1);
  }

  @Property(tries = 300, seed = FuzzBudget.SEED)
  void mutatedRequestsGet400Or407OrAnAnswerNeverForwardedWhenRefusedNorEchoingASecret(
      @ForAll("seedIndex") int index, @ForAll long salt) throws Exception {
    for (int i = 0; i < FuzzBudget.scale(); i++) {
      byte[] input = mutator.mutate(seeds.get(index), new SplittableRandom(
          FuzzBudget.salt(salt, i)));
      String text = new String(input, StandardCharsets.ISO_8859_1);
      int before = upstream.requestCount();
      String response = exchange(input);
      remember(text, response);
      assertThat(response).as("%s", RECENT).satisfiesAnyOf(r -> assertThat(r).isEmpty(),
          r -> assertThat(r).startsWith("HTTP/1."));
      String first = response.lines().findFirst().orElse("");
      if (!text.contains(LOCAL.substring("Basic ".length()).replace("=", ""))) {
        assertThat(first).as("without the local credential: %s", RECENT).isIn("",
            "HTTP/1.1 400 Bad Request", "HTTP/1.1 407 Proxy Authentication Required");
      }
      if (!headParses(input)) {
        assertThat(first).as("a malformed head: %s", RECENT).isIn("",
            "HTTP/1.1 400 Bad Request");
      }
      if (!headParses(input) || first.startsWith("HTTP/1.1 407 ")) {
        assertThat(upstream.requestCount()).as("nothing forwarded: %s", RECENT)
            .isEqualTo(before);
      }
      assertThat(response).doesNotContain(UPSTREAM_PASSWORD, LOCAL_PASSWORD,
          Wire.basic("alice", UPSTREAM_PASSWORD).substring(6));
      String token = LOCAL.substring("Basic ".length());
      if (!text.replace("Proxy-Authorization: " + LOCAL, "").contains(token)) {
        assertThat(response).as("a Proxy-Authorization value is never echoed: %s", RECENT)
            .doesNotContain(token);
      }
      assertThat(relayThreads.deaths()).isEmpty();
      FuzzBudget.count(TARGET);
    }
    if ((salt & 15) == 0) {
      assertThat(exchange(seeds.get(0))).as("a valid request after: %s", RECENT)
          .startsWith("HTTP/1.1 200 ");
    }
  }

  /**
   * Returns whether the input starts with a well-formed request head (the core HTTP layer's
   * reading); a request whose head is well-formed may still fail later, in its body, after it
   * was streamed upstream.
   */
  static boolean headParses(byte[] input) {
    try {
      return HeadReader.read(new ByteArrayInputStream(input), HttpProtocolException.Side.REQUEST)
          .isPresent();
    } catch (IOException e) {
      return false;
    }
  }

  static void remember(String input, String response) {
    String shown = input.substring(0, Math.min(input.length(), 300)).replace("\r", "\\r")
        .replace("\n", "\\n");
    RECENT.addLast(shown + " => " + response.lines().findFirst().orElse("(closed)"));
    if (RECENT.size() > 32) {
      RECENT.removeFirst();
    }
  }

  /** Sends {@code input}, half-closes, and returns what the proxy answered before closing. */
  static String exchange(byte[] input) throws IOException {
    return FuzzExchange.exchange(proxy.address(), "proxy", input);
  }

  static byte[] fill(byte[] seed) {
    return new String(seed, StandardCharsets.ISO_8859_1)
        .replace("{{ORIGIN}}", "127.0.0.1:" + origin.getPort()).replace("{{LOCAL}}", LOCAL)
        .getBytes(StandardCharsets.ISO_8859_1);
  }
}
