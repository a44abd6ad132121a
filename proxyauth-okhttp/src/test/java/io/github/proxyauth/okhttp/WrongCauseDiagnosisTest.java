package io.github.proxyauth.okhttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.proxyauth.AuthEvent;
import io.github.proxyauth.AuthScheme;
import io.github.proxyauth.Credentials;
import io.github.proxyauth.Diagnosis;
import io.github.proxyauth.Diagnosis.Reason;
import io.github.proxyauth.ProxyAuthException;
import io.github.proxyauth.ProxyAuthenticator;
import io.github.proxyauth.testkit.RawProxy;
import java.time.Duration;
import okhttp3.OkHttpClient;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile proxies whose failures used to be blamed on the password (issue 16, item 4): each gets
 * a diagnosis naming the real cause, and none costs a lockout strike.
 */
class WrongCauseDiagnosisTest {
  static final String NTLM_407 = "HTTP/1.1 407 Auth\r\nProxy-Authenticate: NTLM\r\n"
      + "Proxy-Authenticate: Basic realm=\"r\"\r\nContent-Length: 0\r\n\r\n";
  static final String BASIC_ONLY_407 = "HTTP/1.1 407 Auth\r\nProxy-Authenticate: Basic"
      + " realm=\"r\"\r\nContent-Length: 0\r\n\r\n";
  static final String MALFORMED_407 = "HTTP/1.1 407 Auth\r\nProxy-Authenticate: NTLM"
      + " not*base64, \"x\r\nContent-Length: 0\r\n\r\n";

  final EventLog events = new EventLog();

  ProxyAuthenticator engine() {
    return ProxyAuthenticator.builder().schemes(AuthScheme.ntlm(), AuthScheme.basic())
        .credentials(Credentials.of("CORP\\alice", "canary-cause-Pw".toCharArray()))
        .lockoutProtection(1, Duration.ofMinutes(5)).listener(events).build();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"http://127.0.0.1:9/", "https://127.0.0.1:9/"})
  void aSwitchToBasicMidHandshakeIsADowngradeNotARejection(String url) throws Exception {
    try (RawProxy proxy = RawProxy.replaying(NTLM_407, BASIC_ONLY_407)) {
      ProxyAuthenticator engine = engine();
      OkHttpClient client = Calls.client(engine, proxy.proxy());

      Diagnosis d = diagnosis(() -> Calls.get(client, url));

      assertThat(d.reason()).isEqualTo(Reason.DOWNGRADE_REFUSED);
      assertThat(d.detail()).contains("ntlm", "basic", "no credentials were rejected");
      assertThat(proxy.requests()).noneMatch(r -> r.endsWith(" Basic"));
      // No strike: nothing was rejected, and the lockout (after one strike) did not start.
      assertThat(events.types()).doesNotContain(AuthEvent.Type.REJECTED,
          AuthEvent.Type.BACKED_OFF);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"http://127.0.0.1:9/", "https://127.0.0.1:9/"})
  void aMalformedType2IsReportedAsMalformed(String url) throws Exception {
    try (RawProxy proxy = RawProxy.replaying(NTLM_407, MALFORMED_407)) {
      OkHttpClient client = Calls.client(engine(), proxy.proxy());

      Diagnosis d = diagnosis(() -> Calls.get(client, url));

      assertThat(d.reason()).isEqualTo(Reason.MALFORMED_CHALLENGE);
      assertThat(d.detail()).contains("could not be parsed", "index");
      assertThat(d.detail()).doesNotContain("rejected the");
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"http://127.0.0.1:9/", "https://127.0.0.1:9/"})
  void aType2OverTheLengthLimitIsNamedBySizeAndPlaceWithoutItsBytes(String url) throws Exception {
    String huge = "HTTP/1.1 407 Auth\r\nProxy-Authenticate: NTLM " + "TlRMTVNTUAACAAAA".repeat(
        4_400) + "\r\nContent-Length: 0\r\n\r\n"; // a 70,400-character token
    try (RawProxy proxy = RawProxy.replaying(NTLM_407, huge)) {
      OkHttpClient client = Calls.client(engine(), proxy.proxy());

      Diagnosis d = diagnosis(() -> Calls.get(client, url));

      assertThat(d.reason()).isEqualTo(Reason.MALFORMED_CHALLENGE);
      assertThat(d.detail()).contains("Proxy-Authenticate value 1 of 1", "at most 65536",
          "70405 characters").doesNotContain("TlRM", "AAAA");
      assertThat(events.types()).doesNotContain(AuthEvent.Type.REJECTED);
    }
  }

  private static Diagnosis diagnosis(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
    ProxyAuthException e = catchThrowableOfType(ProxyAuthException.class, call);
    assertThat(e).isNotNull();
    return e.diagnosis().orElseThrow();
  }
}
