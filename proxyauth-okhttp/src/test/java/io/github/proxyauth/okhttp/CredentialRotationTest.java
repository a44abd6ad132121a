package io.github.proxyauth.okhttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.proxyauth.AuthScheme;
import io.github.proxyauth.AuthScope;
import io.github.proxyauth.CredentialProvider;
import io.github.proxyauth.Credentials;
import io.github.proxyauth.Diagnosis.Reason;
import io.github.proxyauth.ProxyAuthException;
import io.github.proxyauth.ProxyAuthenticator;
import io.github.proxyauth.testkit.RecordedRequest;
import io.github.proxyauth.testkit.TestProxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Password rotation end to end: the proxy changes the password while 32 threads make requests,
 * and the credentials file is rewritten; the engine reloads once and then uses the new password.
 */
class CredentialRotationTest {
  static final int THREADS = 32;
  static final int PER_THREAD = 8;

  @TempDir
  Path dir;

  @Test
  void rotatedFileIsPickedUpWithExactlyOneReload() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try (TestProxy proxy = TestProxy.builder().user("alice", "old-Pw1").basic("corp").build();
        Origin origin = Origin.http()) {
      Path file = credentialsFile(proxy, "old-Pw1");
      CountingProvider provider = new CountingProvider(
          CredentialProvider.fromFile(file, true, warning -> { }));
      OkHttpClient client = Calls.client(engine(provider), proxy);
      List<Future<Integer>> results = new ArrayList<>();
      CountDownLatch halfway = new CountDownLatch(THREADS * PER_THREAD / 2);
      CountDownLatch rotated = new CountDownLatch(1);
      for (int t = 0; t < THREADS; t++) {
        results.add(pool.submit(() -> callRepeatedly(client, origin, halfway, rotated)));
      }
      assertThat(halfway.await(60, TimeUnit.SECONDS)).isTrue();
      proxy.setPassword("alice", "new-Pw2");
      rewrite(file, proxy, "new-Pw2");
      rotated.countDown();
      for (Future<Integer> result : results) {
        assertThat(result.get(60, TimeUnit.SECONDS)).isEqualTo(PER_THREAD);
      }

      assertThat(provider.loads.get()).isEqualTo(2); // the first load and one reload
      assertThat(provider.invalidations.get()).isEqualTo(1);
      assertThat(oldPasswordAfterFirstNew(proxy.requests())).isLessThanOrEqualTo(THREADS);
    } finally {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void alwaysWrongPasswordStopsAfterTheBackOffRule() throws Exception {
    try (TestProxy proxy = TestProxy.builder().user("alice", "right").basic("corp").build();
        Origin origin = Origin.http()) {
      Path file = credentialsFile(proxy, "wrong-canary-77");
      ProxyAuthenticator engine = ProxyAuthenticator.builder().schemes(AuthScheme.basic())
          .credentials(CredentialProvider.fromFile(file, true, warning -> { }))
          .lockoutProtection(3, Duration.ofMinutes(5)).build();
      OkHttpClient client = Calls.client(engine, proxy);
      List<Throwable> failures = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        String url = origin.url("/" + i);
        failures.add(catchThrowable(() -> Calls.get(client, url)));
      }

      long withCredentials = proxy.requests().stream()
          .filter(r -> r.header("Proxy-Authorization").isPresent()).count();
      assertThat(withCredentials).isEqualTo(3);
      assertThat(failures.get(5)).isInstanceOf(ProxyAuthException.class)
          .hasMessageContaining("paused").hasMessageNotContaining("wrong-canary-77");
      assertThat(((ProxyAuthException) failures.get(5)).diagnosis().orElseThrow().reason())
          .isEqualTo(Reason.BACKED_OFF);
      assertThat(failures.get(0)).hasMessageContaining("user 'alice' (" + file + " line ");
    }
  }

  private static int callRepeatedly(OkHttpClient client, Origin origin, CountDownLatch halfway,
      CountDownLatch rotated) throws Exception {
    int ok = 0;
    for (int i = 0; i < PER_THREAD; i++) {
      if (i == PER_THREAD / 2) {
        assertThat(rotated.await(60, TimeUnit.SECONDS)).isTrue();
      }
      if (Calls.get(client, origin.url("/r")).startsWith("200 ")) {
        ok++;
      }
      halfway.countDown();
    }
    return ok;
  }

  private ProxyAuthenticator engine(CredentialProvider provider) {
    return ProxyAuthenticator.builder().schemes(AuthScheme.basic()).credentials(provider)
        .build();
  }

  private Path credentialsFile(TestProxy proxy, String password) throws Exception {
    Path file = dir.resolve("proxy-credentials");
    rewrite(file, proxy, password);
    return file;
  }

  private void rewrite(Path file, TestProxy proxy, String password) throws Exception {
    Path next = Files.createTempFile(dir, "next", ".tmp",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(next, "# rotated by the test\n" + proxy.address().getHostString() + ":"
        + proxy.port() + " alice " + password + "\n");
    Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Counts requests carrying the old password after the first one carrying the new one. */
  private static long oldPasswordAfterFirstNew(List<RecordedRequest> requests) {
    int firstNew = -1;
    long old = 0;
    for (int i = 0; i < requests.size(); i++) {
      String password = basicPassword(requests.get(i)).orElse("");
      if (firstNew < 0 && password.equals("new-Pw2")) {
        firstNew = i;
      } else if (firstNew >= 0 && password.equals("old-Pw1")) {
        old++;
      }
    }
    assertThat(firstNew).isNotNegative();
    return old;
  }

  private static Optional<String> basicPassword(RecordedRequest request) {
    return request.header("Proxy-Authorization").filter(v -> v.startsWith("Basic "))
        .map(v -> new String(Base64.getDecoder().decode(v.substring(6)), StandardCharsets.UTF_8))
        .map(userPass -> userPass.substring(userPass.indexOf(':') + 1));
  }

  private static Throwable catchThrowable(ThrowingCall call) {
    try {
      call.run();
    } catch (Throwable t) {
      return t;
    }
    throw new AssertionError("expected a failure");
  }

  interface ThrowingCall {
    void run() throws Exception;
  }

  /** Counts loads and invalidations of the wrapped provider. */
  static final class CountingProvider implements CredentialProvider {
    final CredentialProvider delegate;
    final AtomicInteger loads = new AtomicInteger();
    final AtomicInteger invalidations = new AtomicInteger();
    final List<AuthScope> scopes = new CopyOnWriteArrayList<>();

    CountingProvider(CredentialProvider delegate) {
      this.delegate = delegate;
    }

    @Override
    public Optional<Credentials> credentialsFor(AuthScope scope) {
      loads.incrementAndGet();
      scopes.add(scope);
      return delegate.credentialsFor(scope);
    }

    @Override
    public void invalidate(AuthScope scope, Credentials rejected) {
      invalidations.incrementAndGet();
      delegate.invalidate(scope, rejected);
    }
  }
}
