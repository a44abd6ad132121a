package io.github.proxyauth.okhttp;

import static io.github.proxyauth.okhttp.Calls.get;
import static io.github.proxyauth.okhttp.ProxyScheme.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyauth.testkit.RecordedRequest;
import io.github.proxyauth.testkit.RecordedRequest.Auth;
import io.github.proxyauth.testkit.TestProxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Digest with 8 parallel clients on one authenticator: each nonce serves one connection at a
 * time, so its counts reach the proxy in order, and a nonce the proxy retires is replaced by the
 * nextnonce it announced. The TestProxy rejects a count that is not above
 * the last one, as Squid (check_nonce_count) makes the nonce stale: no such 407 may happen.
 */
class DigestConcurrencyTest {
  static final int CLIENTS = 8;
  static final int REQUESTS_EACH = 15;

  /**
   * A proxy retiring nonces after 4 uses, as Squid's nonce_max_count, announces the next in
   * Proxy-Authentication-Info: 20 sequential requests take one 407 in all, not one per nonce.
   */
  @Test
  void sequentialRequestsFollowTheNextnonceWithoutAStale407() throws Exception {
    try (TestProxy proxy = TestProxy.builder().user(ProxyScheme.USER, PASSWORD).digest("lab")
            .digestNonceLimits(Duration.ofMinutes(30), 4).build();
        Origin origin = Origin.http()) {
      OkHttpClient client = Calls.client(ProxyScheme.DIGEST.engine(PASSWORD).build(), proxy);
      for (int i = 0; i < 20; i++) {
        assertThat(get(client, origin.url("/s" + i))).isEqualTo("200 hello from /s" + i);
      }

      assertThat(proxy.requests()).extracting(RecordedRequest::auth)
          .containsOnlyOnce(Auth.MISSING).doesNotContain(Auth.CONTINUED, Auth.REJECTED)
          .hasSize(21);
    }
  }

  @ParameterizedTest(name = "nonce max uses {0}")
  @ValueSource(ints = {4, 10_000})
  void parallelClientsGetNoExtra407(int nonceMaxUses) throws Exception {
    try (TestProxy proxy = TestProxy.builder().user(ProxyScheme.USER, PASSWORD).digest("lab")
            .digestNonceLimits(Duration.ofMinutes(30), nonceMaxUses).build();
        Origin origin = Origin.http()) {
      Dispatcher dispatcher = new Dispatcher();
      dispatcher.setMaxRequestsPerHost(CLIENTS);
      OkHttpClient client = Calls.client(ProxyScheme.DIGEST.engine(PASSWORD).build(), proxy)
          .newBuilder().dispatcher(dispatcher)
          .connectionPool(new ConnectionPool(CLIENTS, 1, TimeUnit.MINUTES)).build();
      assertThat(get(client, origin.url("/warm"))).isEqualTo("200 hello from /warm");

      ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
      try {
        List<Future<?>> done = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
          int id = c;
          done.add(pool.submit(() -> {
            for (int i = 0; i < REQUESTS_EACH; i++) {
              String path = "/c" + id + "/" + i;
              assertThat(get(client, origin.url(path))).isEqualTo("200 hello from " + path);
            }
            return null;
          }));
        }
        for (Future<?> f : done) {
          f.get(60, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
      }

      List<RecordedRequest> seen = proxy.requests();
      long challenged = seen.stream().filter(r -> r.auth() != Auth.ACCEPTED).count();
      System.out.println("digest 8x" + REQUESTS_EACH + ": 407s=" + challenged + " connections="
          + proxy.connectionCount() + " requests=" + seen.size());
      assertThat(seen).filteredOn(r -> r.auth() == Auth.REJECTED || r.auth() == Auth.CONTINUED)
          .as("out-of-order nonce counts").isEmpty();
      // At most one 407 per connection: the one that brought the connection its own nonce.
      assertThat(challenged).isLessThanOrEqualTo(proxy.connectionCount());
      assertThat(seen).filteredOn(r -> r.auth() == Auth.ACCEPTED)
          .hasSize(1 + CLIENTS * REQUESTS_EACH);
    }
  }
}
