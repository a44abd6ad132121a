package io.github.proxyauth.okhttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.proxyauth.AuthScope;
import io.github.proxyauth.CredentialProvider;
import io.github.proxyauth.Credentials;
import io.github.proxyauth.Diagnosis.Reason;
import io.github.proxyauth.ProxyAuthException;
import io.github.proxyauth.testkit.Fault;
import io.github.proxyauth.testkit.TestProxy;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Hostile and broken proxies behind OkHttp, and many threads across a password rotation: each
 * fault ends in bounded time (the class timeout) with the documented exception and diagnosis,
 * and no OkHttp or proxy thread is left behind once the client is shut down. The concurrency size
 * is {@code -Dproxyauth.concurrency.threads} (64) times {@code -Dproxyauth.concurrency.requests}
 * (10 by default here, since this class runs twice: OkHttp 5 and 4).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class OkHttpFaultInjectionTest {
  static final int THREADS = Integer.getInteger("proxyauth.concurrency.threads", 64);
  static final int REQUESTS = Integer.getInteger("proxyauth.concurrency.requests", 10);

  @ParameterizedTest(name = "{0} with {1}")
  @CsvSource({"ENDLESS_407, BASIC,", "ENDLESS_407, DIGEST,", "ENDLESS_407, NTLM,"})
  void faultEndsWithADiagnosedProxyAuthException(Fault fault, ProxyScheme scheme, Reason reason)
      throws Exception {
    java.util.Set<Thread> before = threads();
    try (TestProxy proxy = scheme.require(TestProxy.builder().user(ProxyScheme.USER,
        ProxyScheme.PASSWORD)).fault(fault).build(); Origin origin = Origin.https()) {
      OkHttpClient client = Calls.client(scheme.engine(ProxyScheme.PASSWORD).build(), proxy);

      Throwable thrown = catchThrowable(() -> Calls.get(client, origin.url("/")));

      assertThat(thrown).isInstanceOf(ProxyAuthException.class);
      ProxyAuthException e = (ProxyAuthException) thrown;
      if (reason != null) {
        assertThat(e.diagnosis().orElseThrow().reason()).isEqualTo(reason);
      }
      assertThat(e.getMessage()).doesNotContain(ProxyScheme.PASSWORD).contains("fix:");
      assertThat(origin.seen).isEmpty();
      shutDown(client);
    }
    assertNoThreadsLeftSince(before);
  }

  @Test
  void stalledProxyHonoursTheReadTimeout() throws Exception {
    java.util.Set<Thread> before = threads();
    try (TestProxy proxy = ProxyScheme.BASIC.require(TestProxy.builder().user(ProxyScheme.USER,
        ProxyScheme.PASSWORD)).replyDelay(Duration.ofSeconds(5)).build();
        Origin origin = Origin.http()) {
      OkHttpClient client = Calls.client(ProxyScheme.BASIC.engine(ProxyScheme.PASSWORD).build(),
          proxy).newBuilder().readTimeout(Duration.ofMillis(500)).build();

      Throwable thrown = catchThrowable(() -> Calls.get(client, origin.url("/")));

      // Issue 16: OkHttp's own timeout in a handshake is a PROXY_TIMEOUT naming the step.
      assertThat(thrown).isInstanceOf(ProxyAuthException.class)
          .hasCauseInstanceOf(InterruptedIOException.class);
      assertThat(((ProxyAuthException) thrown).diagnosis().orElseThrow().reason())
          .isEqualTo(Reason.PROXY_TIMEOUT);
      assertThat(thrown.getMessage()).contains("an OkHttp socket timeout (connect 10 s, read 500"
          + " ms, write 10 s) expired", "the last request: GET http://127.0.0.1:");
      shutDown(client);
    }
    assertNoThreadsLeftSince(before);
  }

  @Test
  void refusedConnectionsEndInAnIoException() throws Exception {
    java.util.Set<Thread> before = threads();
    try (TestProxy proxy = ProxyScheme.BASIC.require(TestProxy.builder().user(ProxyScheme.USER,
        ProxyScheme.PASSWORD)).fault(Fault.REFUSE_CONNECTIONS).build();
        Origin origin = Origin.https()) {
      OkHttpClient client = Calls.client(ProxyScheme.BASIC.engine(ProxyScheme.PASSWORD).build(),
          proxy);

      Throwable thrown = catchThrowable(() -> Calls.get(client, origin.url("/")));

      // The proxy closed before reading the CONNECT: OkHttp's EOF, no authentication attempted.
      assertThat(thrown).isExactlyInstanceOf(IOException.class)
          .hasMessageStartingWith("unexpected end of stream on https://127.0.0.1:")
          .cause().isInstanceOf(java.io.EOFException.class);
      assertThat(proxy.requestCount()).isZero();
      shutDown(client);
    }
    assertNoThreadsLeftSince(before);
  }

  @Test
  void everyNtlmRequestSucceedsAcrossAPasswordRotationWithOneReload() throws Exception {
    runAcrossARotation(ProxyScheme.NTLM);
  }

  @Test
  void everyDigestRequestSucceedsAcrossAPasswordRotationWithOneReload() throws Exception {
    runAcrossARotation(ProxyScheme.DIGEST);
  }

  static void runAcrossARotation(ProxyScheme scheme) throws Exception {
    AtomicReference<String> password = new AtomicReference<>(ProxyScheme.PASSWORD);
    AtomicInteger invalidations = new AtomicInteger();
    String user = scheme == ProxyScheme.NTLM ? "CORP\\" + ProxyScheme.USER : ProxyScheme.USER;
    CredentialProvider provider = new CredentialProvider() {
      @Override
      public Optional<Credentials> credentialsFor(AuthScope scope) {
        return Optional.of(Credentials.of(user, password.get().toCharArray()));
      }

      @Override
      public void invalidate(AuthScope scope, Credentials rejected) {
        invalidations.incrementAndGet();
      }
    };
    try (TestProxy proxy = scheme.proxy(); Origin origin = Origin.http()) {
      OkHttpClient client = Calls.client(scheme.engine(ProxyScheme.PASSWORD).credentials(provider)
          .build(), proxy).newBuilder().connectionPool(new okhttp3.ConnectionPool(THREADS, 1,
              TimeUnit.MINUTES)).build();
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      java.util.concurrent.CountDownLatch half =
          new java.util.concurrent.CountDownLatch(THREADS * REQUESTS / 2);
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        results.add(pool.submit(() -> {
          int ok = 0;
          for (int i = 0; i < REQUESTS; i++) {
            ok += Calls.get(client, origin.url("/r")).equals("200 hello from /r") ? 1 : 0;
            half.countDown();
          }
          return ok;
        }));
      }
      assertThat(half.await(100, TimeUnit.SECONDS)).isTrue();
      password.set("canary-Rotated-Ok-3"); // the provider learns first, then the proxy switches
      proxy.setPassword(ProxyScheme.USER, "canary-Rotated-Ok-3");
      client.connectionPool().evictAll(); // NTLM-authenticated connections would hide the change
      int succeeded = 0;
      for (Future<Integer> f : results) {
        succeeded += f.get(100, TimeUnit.SECONDS);
      }
      pool.shutdown();
      // Requests that stayed on NTLM-authenticated connections never met the new password; one
      // more on a new connection surely does, unless a reload already happened.
      client.connectionPool().evictAll();
      assertThat(Calls.get(client, origin.url("/after"))).isEqualTo("200 hello from /after");
      shutDown(client);

      assertThat(succeeded).isEqualTo(THREADS * REQUESTS);
      // Exactly one reload, shared by every thread that met the rotation (single flight).
      assertThat(invalidations.get()).as("reloads for one rotation").isEqualTo(1);
      System.out.println("proxyauth concurrency okhttp " + scheme + ": " + succeeded
          + " requests, " + proxy.requestCount() + " proxy requests, " + proxy.connectionCount()
          + " proxy connections, " + invalidations.get() + " reloads");
    }
  }

  static void shutDown(OkHttpClient client) {
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }

  /**
   * Returns the live proxy threads and OkHttp dispatcher threads. OkHttp's process-wide
   * TaskRunner threads are left out: they idle out on their own and keep the name of the last
   * task they ran ("OkHttp ConnectionPool connection closer", "OkHttp connect https://...").
   */
  static java.util.Set<Thread> threads() {
    return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
        .filter(t -> t.getName().startsWith("OkHttp Dispatcher")
            || t.getName().startsWith("testproxy-"))
        .collect(java.util.stream.Collectors.toSet());
  }

  /** Waits (bounded) for the threads started since {@code before} to end; none may remain. */
  static void assertNoThreadsLeftSince(java.util.Set<Thread> before) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    java.util.Set<Thread> started = new java.util.HashSet<>(threads());
    started.removeAll(before);
    for (Thread t : started) {
      t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
    }
    assertThat(started.stream().filter(Thread::isAlive).map(Thread::getName))
        .as("threads started by the test and still alive").isEmpty();
  }
}
