package io.github.proxyauth.okhttp;

import static io.github.proxyauth.okhttp.OkHttpFaultInjectionTest.assertNoThreadsLeftSince;
import static io.github.proxyauth.okhttp.OkHttpFaultInjectionTest.shutDown;
import static io.github.proxyauth.okhttp.OkHttpFaultInjectionTest.threads;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.proxyauth.Diagnosis.Reason;
import io.github.proxyauth.ProxyAuthException;
import io.github.proxyauth.testkit.Fault;
import io.github.proxyauth.testkit.TestProxy;
import java.io.EOFException;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 16, item 4: a proxy that breaks the handshake where OkHttp itself reads (its CONNECT loop,
 * its codec) used to surface as OkHttp's raw {@code IOException: unexpected end of stream}. With
 * the one-call set-up it is a {@link ProxyAuthException} naming the step; without the set-up's
 * application interceptor it stays OkHttp's exception (the limit, pinned below).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BrokenHandshakeTest {

  @ParameterizedTest(name = "{0} https={1}")
  @CsvSource({"CLOSE_MID_HANDSHAKE, true", "CLOSE_MID_HANDSHAKE, false",
      "CLOSE_AFTER_CREDENTIALS, true", "CLOSE_AFTER_CREDENTIALS, false"})
  void aProxyClosingMidNtlmIsAProtocolErrorNamingTheStep(Fault fault, boolean https)
      throws Exception {
    Set<Thread> before = threads();
    try (TestProxy proxy = ProxyScheme.NTLM.require(TestProxy.builder().user(ProxyScheme.USER,
        ProxyScheme.PASSWORD)).fault(fault).build();
        Origin origin = https ? Origin.https() : Origin.http()) {
      OkHttpClient client = Calls.client(ProxyScheme.NTLM.engine(ProxyScheme.PASSWORD).build(),
          proxy);

      Throwable thrown = catchThrowable(() -> Calls.get(client, origin.url("/")));

      assertThat(thrown).isInstanceOf(ProxyAuthException.class)
          .hasRootCauseInstanceOf(EOFException.class);
      ProxyAuthException e = (ProxyAuthException) thrown;
      assertThat(e.diagnosis().orElseThrow().reason()).isEqualTo(Reason.PROTOCOL_ERROR);
      assertThat(e.getMessage()).contains("closed the connection instead of answering "
          + (https ? "CONNECT 127.0.0.1:" : "GET http://127.0.0.1:"), "with ntlm credentials")
          .doesNotContain(ProxyScheme.PASSWORD).doesNotContain("TlRMTVNT"); // no token bytes
      assertThat(origin.seen).isEmpty();
      System.out.printf("proxyauth okhttp %s https=%s: %d proxy requests, %d connections%n",
          fault, https, proxy.requestCount(), proxy.connectionCount());
      shutDown(client);
    }
    assertNoThreadsLeftSince(before);
  }

  @ParameterizedTest(name = "https={0}")
  @CsvSource({"true", "false"})
  void aMebibyteChallengeIsAProtocolErrorNamingOkHttpsLimit(boolean https) throws Exception {
    Set<Thread> before = threads();
    try (TestProxy proxy = ProxyScheme.BASIC.require(TestProxy.builder().user(ProxyScheme.USER,
        ProxyScheme.PASSWORD)).fault(Fault.HUGE_CHALLENGE).build();
        Origin origin = https ? Origin.https() : Origin.http()) {
      OkHttpClient client = Calls.client(ProxyScheme.BASIC.engine(ProxyScheme.PASSWORD).build(),
          proxy);

      Throwable thrown = catchThrowable(() -> Calls.get(client, origin.url("/")));

      assertThat(thrown).isInstanceOf(ProxyAuthException.class);
      assertThat(((ProxyAuthException) thrown).diagnosis().orElseThrow().reason())
          .isEqualTo(Reason.PROTOCOL_ERROR);
      assertThat(thrown.getMessage()).contains("over OkHttp's limit of 256 KiB")
          .hasSizeLessThan(4_000); // none of the mebibyte in the message
      assertThat(proxy.requestCount()).isEqualTo(1); // no credentials went to that proxy
      shutDown(client);
    }
    assertNoThreadsLeftSince(before);
  }

  /** The limit: OkHttp reports these where only an application interceptor can see them. */
  @Test
  void withoutTheOneCallSetUpACloseMidHandshakeStaysOkHttpsIoException() throws Exception {
    try (TestProxy proxy = ProxyScheme.NTLM.require(TestProxy.builder().user(ProxyScheme.USER,
        ProxyScheme.PASSWORD)).fault(Fault.CLOSE_MID_HANDSHAKE).build();
        Origin origin = Origin.https()) {
      OkHttpProxyAuthenticator auth = OkHttpProxyAuthenticator.of(
          ProxyScheme.NTLM.engine(ProxyScheme.PASSWORD).build());
      OkHttpClient client = Calls.bounded(new OkHttpClient.Builder().proxy(proxy.proxy())
          .proxyAuthenticator(auth).addNetworkInterceptor(auth.networkInterceptor()));

      Throwable thrown = catchThrowable(() -> Calls.get(client, origin.url("/")));

      assertThat(thrown).isExactlyInstanceOf(IOException.class)
          .hasMessageStartingWith("unexpected end of stream on https://127.0.0.1:");
      shutDown(client);
    }
  }
}
