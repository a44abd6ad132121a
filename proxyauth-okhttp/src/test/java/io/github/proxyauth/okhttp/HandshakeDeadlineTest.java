package io.github.proxyauth.okhttp;

import static io.github.proxyauth.okhttp.OkHttpFaultInjectionTest.assertNoThreadsLeftSince;
import static io.github.proxyauth.okhttp.OkHttpFaultInjectionTest.shutDown;
import static io.github.proxyauth.okhttp.OkHttpFaultInjectionTest.threads;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.proxyauth.Diagnosis.Reason;
import io.github.proxyauth.ProxyAuthException;
import io.github.proxyauth.okhttp.internal.HandshakeClock;
import io.github.proxyauth.testkit.Fault;
import io.github.proxyauth.testkit.TestProxy;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 16, item 1: OkHttp has no call timeout by default and reads a proxy's answer with a
 * per-read timeout only, so a proxy dripping its answer (each byte well within the read timeout)
 * or a silent one held the call. The adapter's handshake deadline (1 s here) cancels the call and
 * reports a {@code PROXY_TIMEOUT} naming the proxy and the last request; bodies never count.
 * Every wait is bounded by the client's 20 s call timeout, which would fail these tests with
 * OkHttp's own {@code InterruptedIOException} instead.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HandshakeDeadlineTest {
  private static final Duration DEADLINE = Duration.ofSeconds(1);

  @ParameterizedTest(name = "{0} https={1}")
  @CsvSource({
      "DRIPPED_407_HEAD, true, sent without credentials",
      "DRIPPED_407_HEAD, false, sent without credentials",
      "DRIPPED_407_BODY, true, sent without credentials",
      "SILENT, true, sent without credentials",
      "SILENT, false, sent without credentials",
      "SILENT_AFTER_CREDENTIALS, true, sent with basic credentials (attempt 1",
      "SILENT_AFTER_CREDENTIALS, false, sent with basic credentials (attempt 1"})
  void aDrippingOrSilentProxyEndsAtTheHandshakeDeadlineNamingTheStep(Fault fault, boolean https,
      String sent) throws Exception {
    Set<Thread> before = threads();
    try (TestProxy proxy = proxy(fault); Origin origin = https ? Origin.https() : Origin.http()) {
      OkHttpClient client = client(proxy);
      long start = System.nanoTime();

      Throwable thrown = catchThrowable(() -> Calls.get(client, origin.url("/")));

      long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertThat(thrown).isInstanceOf(ProxyAuthException.class);
      assertThat(((ProxyAuthException) thrown).diagnosis().orElseThrow().reason())
          .isEqualTo(Reason.PROXY_TIMEOUT);
      assertThat(thrown.getMessage()).contains(":" + proxy.address().getPort()
          + " did not complete the handshake within the handshake deadline of 1 s",
          "the last request: "
          + (https ? "CONNECT 127.0.0.1:" : "GET http://127.0.0.1:"), sent)
          .doesNotContain(ProxyScheme.PASSWORD);
      assertThat(origin.seen).isEmpty();
      System.out.printf("proxyauth okhttp deadline %s https=%s: PROXY_TIMEOUT after %d ms"
          + " (deadline %d ms), %d proxy requests%n", fault, https, took, DEADLINE.toMillis(),
          proxy.requestCount());
      shutDown(client);
    }
    assertNoThreadsLeftSince(before);
  }

  /** OkHttp itself gives a forwarded 407's page 100 ms, then drops the connection: no deadline. */
  @Test
  void aDrippedPageToAForwardedRequestIsLeftBehindByOkHttp() throws Exception {
    try (TestProxy proxy = proxy(Fault.DRIPPED_407_BODY); Origin origin = Origin.http()) {
      OkHttpClient client = client(proxy);

      assertThat(Calls.get(client, origin.url("/"))).isEqualTo("200 hello from /");
      assertThat(proxy.connectionCount()).isEqualTo(2);
      shutDown(client);
    }
  }

  @ParameterizedTest(name = "https={0}")
  @CsvSource({"true", "false"})
  void aSlowOriginBodyIsNotCutByTheHandshakeDeadline(boolean https) throws Exception {
    String body = "s".repeat(256 * 1024);
    Map<String, Origin.Answer> slow = Map.of("/slow", new Origin.Answer(200, Map.of(), body,
        DEADLINE.multipliedBy(3)));
    try (TestProxy proxy = proxy(); Origin origin = https ? Origin.https(slow)
        : Origin.http(slow)) {
      OkHttpClient client = client(proxy);

      assertThat(Calls.get(client, origin.url("/slow"))).isEqualTo("200 " + body);
      shutDown(client);
    }
  }

  @Test
  void anUploadSlowerThanTheDeadlineIsNotCut() throws Exception {
    try (TestProxy proxy = proxy(); Origin origin = Origin.http()) {
      OkHttpClient client = client(proxy);
      Request post = new Request.Builder().url(origin.url("/up")).post(new SlowBody()).build();

      try (Response response = client.newCall(post).execute()) {
        assertThat(response.code()).isEqualTo(200);
      }
      assertThat(origin.seen).extracting(Origin.Seen::bodyBytes).containsExactly(2L);
      shutDown(client);
    }
  }

  /** The timer holds a call only during its handshake: once calls end, it holds nothing. */
  @Test
  void manyHandshakesLeaveNoDeadlineBehind() throws Exception {
    try (TestProxy proxy = proxy(); Origin http = Origin.http(); Origin https = Origin.https()) {
      OkHttpClient client = client(proxy);
      for (int i = 0; i < 50; i++) {
        client.connectionPool().evictAll(); // a new connection: a new handshake every call
        assertThat(Calls.get(client, (i % 2 == 0 ? http : https).url("/" + i)))
            .isEqualTo("200 hello from /" + i);
      }

      assertThat(HandshakeClock.scheduled()).isZero();
      assertThat(proxy.connectionCount()).isGreaterThanOrEqualTo(50);
      shutDown(client);
    }
  }

  private static TestProxy proxy(Fault... faults) throws IOException {
    return ProxyScheme.BASIC.require(TestProxy.builder().user(ProxyScheme.USER,
        ProxyScheme.PASSWORD)).fault(faults).build();
  }

  private static OkHttpClient client(TestProxy proxy) {
    OkHttpProxyAuthenticator auth = OkHttpProxyAuthenticator.of(
        ProxyScheme.BASIC.engine(ProxyScheme.PASSWORD).build()).withHandshakeTimeout(DEADLINE);
    return Tls.trusting(auth.install(new OkHttpClient.Builder(), proxy.proxy()))
        .callTimeout(Duration.ofSeconds(20)).readTimeout(Duration.ofSeconds(10)).build();
  }

  /** Two bytes with a pause of three deadlines between them: an upload slower than a handshake. */
  private static final class SlowBody extends RequestBody {
    @Override
    public @Nullable MediaType contentType() {
      return MediaType.get("text/plain");
    }

    @Override
    public long contentLength() {
      return 2;
    }

    @Override
    public void writeTo(BufferedSink sink) throws IOException {
      sink.writeByte('a').flush();
      LockSupport.parkNanos(DEADLINE.multipliedBy(3).toNanos()); // a slow upload's pace
      sink.writeByte('b').flush();
    }
  }
}
