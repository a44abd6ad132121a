package io.github.proxyauth.jdkhttp;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyauth.AuthScheme;
import io.github.proxyauth.AuthScope;
import io.github.proxyauth.CredentialProvider;
import io.github.proxyauth.Credentials;
import io.github.proxyauth.ProxyAuthenticator;
import io.github.proxyauth.testkit.TestProxy;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Test;

/**
 * Many threads through one {@link ProxyAuthHttpClient} against a keep-alive {@link TestProxy},
 * with the password rotated halfway: every request ends with 200 and the credential provider is
 * reloaded once. Size: {@code -Dproxyauth.concurrency.threads} (64) times
 * {@code -Dproxyauth.concurrency.requests} (20 per thread by default; 500 for the full run).
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class RelayConcurrencyTest {
  static final int THREADS = Integer.getInteger("proxyauth.concurrency.threads", 64);
  static final int REQUESTS = Integer.getInteger("proxyauth.concurrency.requests", 20);
  static final String ROTATED = "canary-Rotated-Pw-9";

  @Test
  void everyNtlmRequestSucceedsAcrossAPasswordRotationWithOneReload() throws Exception {
    runAcrossARotation("ntlm");
  }

  @Test
  void everyDigestRequestSucceedsAcrossAPasswordRotationWithOneReload() throws Exception {
    runAcrossARotation("digest");
  }

  static void runAcrossARotation(String scheme) throws Exception {
    Leaks before = Leaks.now();
    RotatingProvider provider = new RotatingProvider(scheme.equals("ntlm")
        ? Fixtures.DOMAIN + "\\" + Fixtures.USER : Fixtures.USER, Fixtures.PASSWORD);
    ProxyAuthenticator auth = ProxyAuthenticator.builder().credentials(provider)
        .schemes(scheme.equals("ntlm") ? AuthScheme.ntlm() : AuthScheme.digest()).build();
    try (TestProxy proxy = Fixtures.proxy(scheme); MockWebServer origin = Fixtures.origin(false,
        false); ProxyAuthHttpClient client = Fixtures.client(proxy, auth,
            HttpClient.Version.HTTP_1_1)) {
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      AtomicInteger done = new AtomicInteger();
      CountDownLatch half = new CountDownLatch(THREADS * REQUESTS / 2);
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        results.add(pool.submit(() -> {
          int ok = 0;
          for (int i = 0; i < REQUESTS; i++) {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(Fixtures.url(origin,
                false, "/r")).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
            ok += r.statusCode() == 200 && r.body().equals("hello GET 0") ? 1 : 0;
            done.incrementAndGet();
            half.countDown();
          }
          return ok;
        }));
      }
      assertThat(half.await(240, TimeUnit.SECONDS)).isTrue();
      provider.password.set(ROTATED); // the provider learns first, then the proxy switches
      proxy.setPassword(Fixtures.USER, ROTATED);
      int succeeded = 0;
      for (Future<Integer> f : results) {
        succeeded += f.get(240, TimeUnit.SECONDS);
      }
      pool.shutdown();

      assertThat(succeeded).isEqualTo(THREADS * REQUESTS);
      assertThat(provider.invalidations.get()).as("reloads for one rotation").isEqualTo(1);
      System.out.println("proxyauth concurrency jdkhttp " + scheme + ": " + succeeded
          + " requests, " + proxy.requestCount() + " proxy requests, "
          + proxy.connectionCount() + " proxy connections, " + provider.invalidations.get()
          + " reloads");
    }
    Leaks.assertNoneLeakedSince(before);
  }

  /** Reads the current password on each call and counts invalidations. */
  static final class RotatingProvider implements CredentialProvider {
    final AtomicReference<String> password;
    final AtomicInteger invalidations = new AtomicInteger();
    private final String user;

    RotatingProvider(String user, String password) {
      this.user = user;
      this.password = new AtomicReference<>(password);
    }

    @Override
    public Optional<Credentials> credentialsFor(AuthScope scope) {
      return Optional.of(Credentials.of(user, password.get().toCharArray()));
    }

    @Override
    public void invalidate(AuthScope scope, Credentials rejected) {
      invalidations.incrementAndGet();
    }
  }
}
