package io.github.proxyauth.httpclient5;

import static java.util.stream.Collectors.groupingBy;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyauth.AuthScope;
import io.github.proxyauth.CredentialProvider;
import io.github.proxyauth.Credentials;
import io.github.proxyauth.ProxyAuthenticator;
import io.github.proxyauth.testkit.RecordedRequest.Auth;
import io.github.proxyauth.testkit.RecordedRequest;
import io.github.proxyauth.testkit.TestProxy;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Many threads on one client: a password rotation halfway, and NTLM once per connection. */
class ConcurrencyTest {
  static final int THREADS = 64;
  static final int PER_THREAD = 200;

  /**
   * The classic client only: after a rejection the engine's lockout admits one probe at a time
   * and makes other attempts wait (up to its 30 s probe lease) inside {@code respond}. The async
   * client calls that on its I/O reactor threads, which then cannot read the probe's answer:
   * each rotation stalls them until the lease ends. It needs a non-waiting admission in the
   * engine's SPI (reported to the lead), not a workaround here.
   */
  static Stream<Arguments> rotations() {
    return Stream.of(Arguments.of(Mode.CLASSIC, Scheme.DIGEST, false),
        Arguments.of(Mode.CLASSIC, Scheme.BASIC, true),
        Arguments.of(Mode.CLASSIC, Scheme.NTLM, false));
  }

  @ParameterizedTest(name = "{0} {1} https={2}")
  @MethodSource("rotations")
  void passwordRotatedHalfwayGivesNoWrongOutcome(Mode mode, Scheme scheme, boolean https)
      throws Exception {
    AtomicReference<String> password = new AtomicReference<>("old-Pw1");
    String user = scheme == Scheme.NTLM ? "CORP\\alice" : "alice";
    CredentialProvider rotating = new CredentialProvider() {
      @Override
      public Optional<Credentials> credentialsFor(AuthScope scope) {
        return Optional.of(Credentials.of(user, password.get().toCharArray()));
      }
    };
    ProxyAuthenticator engine = ProxyAuthenticator.builder().schemes(scheme.scheme("unused"))
        .credentials(rotating).build();
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try (TestProxy proxy = scheme.require(TestProxy.builder().user("alice", "old-Pw1")).build();
        MockWebServer origin = Fixtures.origin(https);
        Mode.Client client = mode.open(ProxyAuthHttpClient5.of(engine), proxy, THREADS)) {
      CountDownLatch halfway = new CountDownLatch(THREADS * PER_THREAD / 2);
      List<Future<List<String>>> results = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        results.add(pool.submit(() -> {
          List<String> wrong = new ArrayList<>();
          for (int i = 0; i < PER_THREAD; i++) {
            String path = "/" + thread + "-" + i;
            try {
              String got = client.get(Fixtures.url(origin, path));
              if (!got.equals("200 hello " + path)) {
                wrong.add(path + " -> " + got);
              }
            } catch (IOException e) {
              wrong.add(path + " -> " + e);
            }
            halfway.countDown();
          }
          return wrong;
        }));
      }
      awaitHalfway(halfway, results);
      proxy.setPassword("alice", "new-Pw2");
      password.set("new-Pw2");
      List<String> wrong = new ArrayList<>();
      for (Future<List<String>> result : results) {
        wrong.addAll(result.get(600, TimeUnit.SECONDS));
      }

      assertThat(wrong).isEmpty();
      assertThat(origin.getRequestCount()).isEqualTo(THREADS * PER_THREAD);
      List<RecordedRequest> requests = proxy.requests();
      if (scheme != Scheme.NTLM) { // NTLM's connections stay authenticated across the rotation
        assertThat(requests.subList(requests.size() / 2, requests.size()))
            .anyMatch(r -> r.auth() == Auth.ACCEPTED);
      }
      // No bound on rejections: 64 threads share one Digest nonce, their nonce counts reach the
      // test kit out of order and it rejects a lower one as a replay; the engine recovers.
    } finally {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  /** Waits until half the requests are done, or every worker ended early (then get() says why). */
  private static void awaitHalfway(CountDownLatch halfway, List<? extends Future<?>> workers)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(600);
    while (!halfway.await(1, TimeUnit.SECONDS)) {
      if (workers.stream().allMatch(Future::isDone) || System.nanoTime() > deadline) {
        return;
      }
    }
  }

  static Stream<Arguments> modesAndTransports() {
    return Stream.of(Mode.values()).flatMap(m -> Stream.of(Arguments.of(m, false),
        Arguments.of(m, true)));
  }

  @ParameterizedTest(name = "{0} https={1}")
  @MethodSource("modesAndTransports")
  void ntlmAuthenticatesOncePerConnection(Mode mode, boolean https) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try (TestProxy proxy = Scheme.NTLM.proxy(); MockWebServer origin = Fixtures.origin(https);
        Mode.Client client = mode.open(ProxyAuthHttpClient5.of(
            Scheme.NTLM.engine(Scheme.PASSWORD).build()), proxy, 16)) {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        results.add(pool.submit(() -> {
          int ok = 0;
          for (int i = 0; i < 20; i++) {
            ok += client.get(Fixtures.url(origin, "/" + i)).startsWith("200 ") ? 1 : 0;
          }
          return ok;
        }));
      }
      for (Future<Integer> result : results) {
        assertThat(result.get(120, TimeUnit.SECONDS)).isEqualTo(20);
      }
      assertOneHandshakePerConnection(proxy.requests());
      assertThat(proxy.connectionCount()).isLessThanOrEqualTo(16);
    } finally {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  /**
   * Each connection carries one handshake (MISSING?, CONTINUED, ACCEPTED), then only requests it
   * already authenticated (forwarded) or nothing (a tunnel); nothing is ever rejected.
   */
  static void assertOneHandshakePerConnection(List<RecordedRequest> requests) {
    Map<Long, List<RecordedRequest>> byConnection =
        requests.stream().collect(groupingBy(RecordedRequest::connectionId));
    assertThat(byConnection.values()).allSatisfy(onOne -> {
      List<Auth> auths = onOne.stream().map(RecordedRequest::auth).toList();
      assertThat(auths).doesNotContain(Auth.REJECTED);
      assertThat(auths).filteredOn(a -> a == Auth.ACCEPTED).hasSize(1);
      int accepted = auths.indexOf(Auth.ACCEPTED);
      assertThat(auths.subList(0, accepted)).endsWith(Auth.CONTINUED).hasSizeLessThanOrEqualTo(2);
      assertThat(auths.subList(accepted + 1, auths.size()))
          .allMatch(a -> a == Auth.CONNECTION_AUTHENTICATED);
    });
  }
}
