package io.github.proxyauth.jdkhttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.proxyauth.Diagnosis.Reason;
import io.github.proxyauth.ProxyAuthException;
import io.github.proxyauth.testkit.Fault;
import io.github.proxyauth.testkit.TestProxy;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 16, "also cover": a hostile Negotiate proxy (the test kit's Negotiate faults) behind
 * {@link ProxyAuthHttpClient}, with a real ticket from the embedded Kerby KDC. Every fault ends in
 * a typed {@link ProxyAuthException} naming the cause, after a bounded number of requests, with no
 * token bytes and no password in the message, and leaves nothing behind.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HostileNegotiateRelayTest {
  @RegisterExtension static final NegotiateKdc KDC = new NegotiateKdc();

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
    Leaks before = Leaks.now();
    try (TestProxy proxy = KDC.proxy().fault(fault).build();
        MockWebServer origin = Fixtures.origin(https, false);
        ProxyAuthHttpClient client = KDC.client(proxy, Fixtures.PASSWORD)) {
      Throwable thrown = catchThrowable(() -> client.send(RelayFaultInjectionTest.get(
          Fixtures.url(origin, https, "/")), HttpResponse.BodyHandlers.ofString()));

      System.out.printf("proxyauth jdkhttp %s https=%s: %d proxy requests, %s%n", fault, https,
          proxy.requestCount(), thrown);
      assertThat(thrown).isInstanceOf(ProxyAuthException.class);
      ProxyAuthException e = (ProxyAuthException) thrown;
      assertThat(e.diagnosis().orElseThrow().reason()).isEqualTo(reason);
      assertThat(e.getMessage()).containsIgnoringCase(named).doesNotContain(Fixtures.PASSWORD)
          .doesNotContain("oYG-~_", "oQcwBaADCgEC", "oYGAMH6g", "YII").hasSizeLessThan(2_000);
      assertThat(e.getMessage()).doesNotContain("AAAA"); // no token bytes, not even clipped
      assertThat(proxy.requestCount()).isLessThanOrEqualTo(8);
      assertThat(origin.getRequestCount()).isZero();
    }
    Leaks.assertNoneLeakedSince(before);
  }
}
