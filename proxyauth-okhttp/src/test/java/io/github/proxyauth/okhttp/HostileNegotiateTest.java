package io.github.proxyauth.okhttp;

import static io.github.proxyauth.okhttp.OkHttpFaultInjectionTest.shutDown;
import static io.github.proxyauth.okhttp.ProxyScheme.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.proxyauth.Diagnosis.Reason;
import io.github.proxyauth.ProxyAuthException;
import io.github.proxyauth.testkit.Fault;
import io.github.proxyauth.testkit.TestProxy;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 16, "also cover": a hostile Negotiate proxy (the test kit's Negotiate faults) against a
 * real Kerberos initiator with a ticket from the embedded Kerby KDC. Every fault ends in a typed
 * {@link ProxyAuthException} naming the cause, after a bounded number of requests, with no token
 * bytes and no password in the message.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HostileNegotiateTest {
  static Kerberos kerberos;

  @BeforeAll
  static void startKdc() throws Exception {
    kerberos = Kerberos.start();
  }

  @AfterAll
  static void stopKdc() throws Exception {
    kerberos.close();
  }

  @ParameterizedTest(name = "{0} https={1}")
  @CsvSource({
      "NEGOTIATE_BAD_BASE64, true, SCHEME_FAILED, base64",
      "NEGOTIATE_BAD_BASE64, false, SCHEME_FAILED, base64",
      "NEGOTIATE_TRUNCATED_TOKEN, true, SCHEME_FAILED, token",
      "NEGOTIATE_TRUNCATED_TOKEN, false, SCHEME_FAILED, token",
      "NEGOTIATE_REJECT, true, SCHEME_FAILED, defective token",
      "NEGOTIATE_REJECT, false, SCHEME_FAILED, defective token",
      "NEGOTIATE_HUGE_TOKEN, true, MALFORMED_CHALLENGE, 65536",
      "NEGOTIATE_HUGE_TOKEN, false, MALFORMED_CHALLENGE, 65536",
      "NEGOTIATE_NO_MUTUAL, true, SCHEME_FAILED, complete Negotiate handshake",
      "NEGOTIATE_NO_MUTUAL, false, SCHEME_FAILED, complete Negotiate handshake"})
  void aHostileNegotiateProxyEndsInATypedDiagnosis(Fault fault, boolean https, Reason reason,
      String named) throws Exception {
    try (TestProxy proxy = ProxyScheme.NEGOTIATE.require(TestProxy.builder()
        .user(ProxyScheme.USER, PASSWORD)).fault(fault).build();
        Origin origin = https ? Origin.https() : Origin.http()) {
      OkHttpClient client = Calls.client(ProxyScheme.NEGOTIATE.engine(PASSWORD).build(), proxy);

      Throwable thrown = catchThrowable(() -> Calls.get(client, origin.url("/")));

      System.out.printf("proxyauth okhttp %s https=%s: %d proxy requests, %s%n", fault, https,
          proxy.requestCount(), thrown);
      assertThat(thrown).isInstanceOf(ProxyAuthException.class);
      ProxyAuthException e = (ProxyAuthException) thrown;
      assertThat(e.diagnosis().orElseThrow().reason()).isEqualTo(reason);
      assertThat(e.getMessage()).containsIgnoringCase(named).doesNotContain(PASSWORD)
          .doesNotContain("oYG-~_", "oQcwBaADCgEC", "oYGAMH6g", "YII").hasSizeLessThan(2_000);
      assertThat(e.getMessage()).doesNotContain("AAAA"); // no token bytes, not even clipped
      assertThat(proxy.requestCount()).isLessThanOrEqualTo(8);
      assertThat(origin.seen).isEmpty();
      shutDown(client);
    }
  }
}
