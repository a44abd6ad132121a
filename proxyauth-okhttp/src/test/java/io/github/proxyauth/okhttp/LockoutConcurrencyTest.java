package io.github.proxyauth.okhttp;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyauth.AuthScheme;
import io.github.proxyauth.CredentialProvider;
import io.github.proxyauth.ProxyAuthException;
import io.github.proxyauth.ProxyAuthenticator;
import io.github.proxyauth.testkit.RecordedRequest;
import io.github.proxyauth.testkit.RecordedRequest.Auth;
import io.github.proxyauth.testkit.TestProxy;
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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import okhttp3.OkHttpClient;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16's rotation under load: 64 threads, the proxy changes the password first, the
 * credentials file follows 2 s later. Counted from the proxy's own log: how many attempts with
 * the wrong password reached it, and whether the new file ended the pause at once.
 */
class LockoutConcurrencyTest {
  static final int THREADS = 64;
  static final String OLD = "old-Pw-4471";
  static final String NEW = "new-Pw-9913";

  @TempDir
  Path dir;

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({"BASIC, http", "BASIC, https", "NTLM, http", "NTLM, https"})
  void aRotationAt64ThreadsSendsTheWrongPasswordABoundedNumberOfTimes(ProxyScheme scheme,
      String protocol) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();
    try (TestProxy proxy = scheme.require(TestProxy.builder().user("alice", OLD)).build();
        Origin origin = protocol.equals("https") ? Origin.https() : Origin.http()) {
      Path file = dir.resolve("credentials");
      write(file, proxy, scheme, OLD);
      ProxyAuthenticator engine = ProxyAuthenticator.builder().schemes(scheme.scheme(OLD))
          .credentials(CredentialProvider.fromFile(file, true, w -> { }))
          .lockoutProtection(3, Duration.ofMinutes(5)).build();
      OkHttpClient client = Calls.client(engine, proxy);
      Run run = new Run();
      List<Future<?>> workers = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        workers.add(pool.submit(() -> run.loop(client, origin.url("/r"))));
      }
      assertThat(run.warm.await(60, TimeUnit.SECONDS)).isTrue();
      proxy.setPassword("alice", NEW);
      int requestsAtRotation = proxy.requestCount();
      int connectionsAtRotation = proxy.connectionCount();
      AtomicInteger connectionsBeforeRewrite = new AtomicInteger();
      later.schedule(() -> {
        connectionsBeforeRewrite.set(proxy.connectionCount() - connectionsAtRotation);
        write(file, proxy, scheme, NEW);
        run.rewritten.set(true);
        return null;
      }, 2, TimeUnit.SECONDS).get(30, TimeUnit.SECONDS);
      assertThat(run.recovered.await(60, TimeUnit.SECONDS)).isTrue();
      run.stop.set(true);
      for (Future<?> worker : workers) {
        worker.get(60, TimeUnit.SECONDS);
      }

      List<RecordedRequest> after = Calls.since(proxy, requestsAtRotation);
      long wrong = after.stream().filter(r -> r.auth() == Auth.REJECTED).count();
      System.out.printf("lockout %s %s: %d wrong-password attempts reached the proxy, %d new"
          + " connections during the pause, outcomes before the rewrite %s, after %s%n", scheme,
          protocol, wrong, connectionsBeforeRewrite.get(), run.before, run.after);
      // One wave (at most one attempt per thread was on its way when the first 407 came back),
      // then at most 2 more single-flight probes before the pause.
      assertThat(wrong).isLessThanOrEqualTo(THREADS + 2);
      assertThat(run.after.keySet()).containsOnly("200"); // the new file ends the pause at once
      assertThat(run.before.keySet()).isSubsetOf("200", "BACKED_OFF", "CREDENTIALS_REJECTED");
      if (protocol.equals("https")) {
        assertThat(connectionsBeforeRewrite.get()).isLessThanOrEqualTo(THREADS); // none per call
      }
    } finally {
      later.shutdownNow();
      pool.shutdownNow();
      assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }
  }

  private static void write(Path file, TestProxy proxy, ProxyScheme scheme, String password)
      throws Exception {
    Path next = Files.createTempFile(file.getParent(), "next", ".tmp",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    String user = scheme == ProxyScheme.NTLM ? "CORP\\alice" : "alice";
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

    void loop(OkHttpClient client, String url) {
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

    private static String call(OkHttpClient client, String url) {
      try {
        return Calls.get(client, url).substring(0, 3);
      } catch (ProxyAuthException e) {
        return e.diagnosis().map(d -> d.reason().name()).orElse("ProxyAuthException");
      } catch (Exception e) {
        return e.getClass().getSimpleName();
      }
    }
  }
}
