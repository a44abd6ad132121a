package io.github.proxyauth.jdkhttp;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyauth.CredentialProvider;
import io.github.proxyauth.ProxyAuthException;
import io.github.proxyauth.ProxyAuthenticator;
import io.github.proxyauth.testkit.RecordedRequest;
import io.github.proxyauth.testkit.RecordedRequest.Auth;
import io.github.proxyauth.testkit.TestProxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 16's rotation under load through the relay: 64 threads, the proxy changes the password
 * first, the credentials file follows 2 s later; counted from the proxy's own log.
 */
class LockoutConcurrencyTest {
  static final int THREADS = 64;
  static final String NEW = "new-Pw-9913";

  @TempDir
  Path dir;

  @ParameterizedTest(name = "{0} https={1}")
  @CsvSource({"basic, false", "basic, true", "ntlm, false", "ntlm, true"})
  void aRotationAt64ThreadsSendsTheWrongPasswordABoundedNumberOfTimes(String scheme,
      boolean https) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();
    try (TestProxy proxy = Fixtures.proxy(scheme);
        MockWebServer origin = Fixtures.origin(https, false)) {
      Path file = dir.resolve("credentials");
      write(file, proxy, scheme, Fixtures.PASSWORD);
      ProxyAuthenticator engine = Fixtures.authenticator(scheme, Fixtures.PASSWORD).newBuilder()
          .credentials(CredentialProvider.fromFile(file, true, w -> { }))
          .lockoutProtection(3, Duration.ofMinutes(5)).build();
      try (ProxyAuthHttpClient client = ProxyAuthHttpClient.wrap(HttpClient.newBuilder()
          .sslContext(Fixtures.CLIENT_TLS).version(HttpClient.Version.HTTP_1_1), engine,
          Fixtures.upstream(proxy))) {
        Run run = new Run();
        URI url = Fixtures.url(origin, https, "/r");
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
          workers.add(pool.submit(() -> run.loop(client, url)));
        }
        assertThat(run.warm.await(60, TimeUnit.SECONDS)).isTrue();
        proxy.setPassword(Fixtures.USER, NEW);
        int requestsAtRotation = proxy.requestCount();
        later.schedule(() -> {
          write(file, proxy, scheme, NEW);
          run.rewritten.set(true);
          return null;
        }, 2, TimeUnit.SECONDS).get(30, TimeUnit.SECONDS);
        assertThat(run.recovered.await(60, TimeUnit.SECONDS)).isTrue();
        run.stop.set(true);
        for (Future<?> worker : workers) {
          worker.get(60, TimeUnit.SECONDS);
        }

        List<RecordedRequest> all = proxy.requests();
        long wrong = all.subList(requestsAtRotation, all.size()).stream()
            .filter(r -> r.auth() == Auth.REJECTED).count();
        System.out.printf("lockout java.net.http %s https=%s: %d wrong-password attempts reached"
            + " the proxy, outcomes before the rewrite %s, after %s%n", scheme, https, wrong,
            run.before, run.after);
        assertThat(wrong).isLessThanOrEqualTo(THREADS + 2); // one wave, then 2 single probes
        assertThat(run.after.keySet()).containsOnly("200");
      }
    } finally {
      later.shutdownNow();
      pool.shutdownNow();
      assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }
  }

  private static void write(Path file, TestProxy proxy, String scheme, String password)
      throws Exception {
    Path next = Files.createTempFile(file.getParent(), "next", ".tmp",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    String user = scheme.equals("ntlm") ? Fixtures.DOMAIN + "\\" + Fixtures.USER : Fixtures.USER;
    Files.writeString(next, proxy.address().getHostString() + ":" + proxy.port() + " " + user
        + " " + password + "\n");
    Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** The workers' shared state: phases and outcome counts. */
  static final class Run {
    final CountDownLatch warm = new CountDownLatch(THREADS * 4);
    final CountDownLatch recovered = new CountDownLatch(THREADS * 4);
    final AtomicBoolean rewritten = new AtomicBoolean();
    final AtomicBoolean stop = new AtomicBoolean();
    final Map<String, LongAdder> before = new ConcurrentHashMap<>();
    final Map<String, LongAdder> after = new ConcurrentHashMap<>();

    void loop(HttpClient client, URI url) {
      // Bounded by time, not by a count: while paused, calls fail in microseconds and a count
      // would run out before the new credentials arrive.
      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(150);
      while (!stop.get() && System.nanoTime() < deadline) {
        boolean late = rewritten.get();
        String outcome = call(client, url);
        (late ? after : before).computeIfAbsent(outcome, k -> new LongAdder()).increment();
        if (outcome.equals("200")) {
          (late ? recovered : warm).countDown();
        }
      }
    }

    private static String call(HttpClient client, URI url) {
      try {
        return String.valueOf(client.send(HttpRequest.newBuilder(url)
            .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.discarding())
            .statusCode());
      } catch (ProxyAuthException e) {
        return e.diagnosis().map(d -> d.reason().name()).orElse("ProxyAuthException");
      } catch (Exception e) {
        return e.getClass().getSimpleName();
      }
    }
  }
}
