package io.github.proxyauth.okhttp;

import static io.github.proxyauth.okhttp.ProxyScheme.PASSWORD;
import static java.util.stream.Collectors.groupingBy;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyauth.testkit.RecordedRequest;
import io.github.proxyauth.testkit.RecordedRequest.Auth;
import io.github.proxyauth.testkit.TestProxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Concurrent calls on one client each keep their own handshake on their own connection. */
class ConcurrencyTest {
  static final int CALLS = 32;

  @ParameterizedTest(name = "tls={0}")
  @ValueSource(booleans = {false, true})
  void thirtyTwoConcurrentNtlmCallsSucceedWithOneHandshakePerConnection(boolean tls)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(CALLS);
    try (TestProxy proxy = ProxyScheme.NTLM.proxy();
        Origin origin = tls ? Origin.https() : Origin.http()) {
      OkHttpClient client = Calls.client(ProxyScheme.NTLM.engine(PASSWORD).build(), proxy);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < CALLS; i++) {
        String url = origin.url("/" + i);
        results.add(pool.submit(() -> {
          start.await(10, TimeUnit.SECONDS);
          return Calls.get(client, url);
        }));
      }
      start.countDown();
      for (int i = 0; i < CALLS; i++) {
        assertThat(results.get(i).get(60, TimeUnit.SECONDS)).isEqualTo("200 hello from /" + i);
      }
      assertOneHandshakePerConnection(proxy.requests());
      assertThat(origin.seen).hasSize(CALLS);
    } finally {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  /**
   * Each connection carries one handshake, anonymous or preemptive (MISSING?, CONTINUED,
   * ACCEPTED), then only requests it already authenticated; nothing is ever rejected.
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
