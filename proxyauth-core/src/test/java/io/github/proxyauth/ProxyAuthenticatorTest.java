package io.github.proxyauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.proxyauth.AuthEvent.Type;
import io.github.proxyauth.Diagnosis.Reason;
import io.github.proxyauth.spi.AuthExchange;
import io.github.proxyauth.spi.AuthRequest;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

public class ProxyAuthenticatorTest {
  static final String CANARY = "canary-Pa55w0rd-7731";
  static final AuthRequest CONNECT = AuthRequest.connect("proxy.test", 3128, "origin.test", 443);

  final FakeScheme strong = FakeScheme.of("strong", 30);
  final FakeScheme weak = FakeScheme.of("weak", 10);
  final RecordingListener listener = new RecordingListener();
  final RecordingCredentialProvider provider =
      new RecordingCredentialProvider(Credentials.of("alice", CANARY.toCharArray()));

  ProxyAuthenticator.Builder builder() {
    return ProxyAuthenticator.builder().schemes(strong, weak).credentials(provider)
        .listener(listener);
  }

  @Test
  void selectsStrongestOfferedScheme() throws Exception {
    AuthExchange exchange = builder().build().newExchange(CONNECT);

    String value = exchange.respond(List.of("Weak realm=\"r\"", "Strong realm=\"r\""));

    assertThat(value).isEqualTo("strong leg-1:alice");
    assertThat(exchange.scheme()).contains("strong");
    assertThat(listener.types()).contains(Type.CHALLENGED, Type.SCHEME_SELECTED);
  }

  @Test
  void followsConfiguredPreferenceOverStrength() throws Exception {
    AuthExchange exchange = builder().schemes(weak, strong).build().newExchange(CONNECT);

    assertThat(exchange.respond(List.of("Strong, Weak"))).startsWith("weak ");
  }

  @Test
  void fallsBackWhenStrongerSchemeHasNoCredentialsAndSaysWhy() throws Exception {
    CredentialProvider onlyWeak = scope -> scope.scheme().equals("weak")
        ? Optional.of(Credentials.of("bob", CANARY.toCharArray())) : Optional.empty();
    AuthExchange exchange = builder().credentials(onlyWeak).build().newExchange(CONNECT);

    assertThat(exchange.respond(List.of("Strong", "Weak"))).isEqualTo("weak leg-1:bob");
    AuthEvent unavailable = listener.events.stream()
        .filter(e -> e.type() == Type.SCHEME_UNAVAILABLE).findFirst().orElseThrow();
    assertThat(unavailable.scheme()).contains("strong");
    assertThat(unavailable.detail()).contains("no credentials");
  }

  @Test
  void refusesDowngradeBelowMinimumStrength() {
    AuthExchange exchange = builder().minimumStrength(20).build().newExchange(CONNECT);

    assertThatThrownBy(() -> exchange.respond(List.of("Weak realm=\"r\"")))
        .isInstanceOf(ProxyAuthException.class)
        .satisfies(e -> assertThat(reason(e)).isEqualTo(Reason.DOWNGRADE_REFUSED));
    assertThat(weak.answers).isEmpty();
  }

  @Test
  void continuesMultiLegHandshake() throws Exception {
    AuthExchange exchange = builder().build().newExchange(CONNECT);

    assertThat(exchange.respond(List.of("Strong"))).isEqualTo("strong leg-1:alice");
    assertThat(exchange.respond(List.of("Strong more"))).isEqualTo("strong leg-2:alice");
    exchange.succeeded(List.of());

    assertThat(exchange.attempts()).isEqualTo(2);
    assertThat(listener.types()).contains(Type.CONTINUED, Type.SUCCEEDED);
  }

  @Test
  void staleDigestNonceIsRenewedWithoutCountingAsRejection() throws Exception {
    ProxyAuthenticator auth = ProxyAuthenticator.builder().schemes(AuthScheme.digest())
        .credentials(provider).listener(listener).build();
    AuthExchange exchange = auth.newExchange(CONNECT);
    String first = exchange.respond(List.of("Digest realm=\"r\", nonce=\"n1\", qop=\"auth\""));

    String second = exchange.respond(
        List.of("Digest realm=\"r\", nonce=\"n2\", qop=\"auth\", stale=true"));

    assertThat(first).contains("nonce=\"n1\"");
    assertThat(second).contains("nonce=\"n2\"");
    assertThat(listener.types()).contains(Type.CONTINUED).doesNotContain(Type.REJECTED);
    assertThat(provider.invalidated).isEmpty();
  }

  @Test
  void preemptiveDigestReusesNonceWithNextCount() throws Exception {
    ProxyAuthenticator auth = ProxyAuthenticator.builder().schemes(AuthScheme.digest())
        .credentials(provider).build();
    AuthExchange first = auth.newExchange(CONNECT);
    assertThat(first.respond(List.of("Digest realm=\"r\", nonce=\"n1\", qop=\"auth\"")))
        .contains("nc=00000001");
    first.succeeded(List.of());

    AuthExchange second = auth.newExchange(CONNECT);
    assertThat(second.preemptive()).hasValueSatisfying(v ->
        assertThat(v).contains("nonce=\"n1\"").contains("nc=00000002"));
    second.succeeded(List.of());
    assertThat(auth.newExchange(CONNECT).preemptive()).hasValueSatisfying(v ->
        assertThat(v).contains("nc=00000003"));
  }

  /** Squid announces a nextnonce on the last use nonce_max_count allows (RFC 7616 §3.5). */
  @Test
  void preemptiveDigestFollowsTheNextnonceOfProxyAuthenticationInfo() throws Exception {
    ProxyAuthenticator auth = ProxyAuthenticator.builder().schemes(AuthScheme.digest())
        .credentials(provider).build();
    AuthExchange first = auth.newExchange(CONNECT);
    first.respond(List.of("Digest realm=\"r\", nonce=\"n1\", qop=\"auth\", opaque=\"o\""));
    first.succeeded(List.of(), List.of("qop=auth, rspauth=\"ab\"", "nextnonce=\"n2\""));

    AuthExchange second = auth.newExchange(CONNECT);
    assertThat(second.preemptive()).hasValueSatisfying(v -> assertThat(v)
        .contains("nonce=\"n2\"", "nc=00000001", "opaque=\"o\"", "realm=\"r\"")
        .doesNotContain("n1"));
    second.succeeded(List.of(), List.of());
    assertThat(auth.newExchange(CONNECT).preemptive()).hasValueSatisfying(v ->
        assertThat(v).contains("nonce=\"n2\"", "nc=00000002"));
  }

  @Test
  void malformedProxyAuthenticationInfoKeepsTheNonceAndSaysSoInTheHistory() throws Exception {
    ProxyAuthenticator auth = ProxyAuthenticator.builder().schemes(AuthScheme.digest())
        .credentials(provider).build();
    AuthExchange first = auth.newExchange(CONNECT);
    first.respond(List.of("Digest realm=\"r\", nonce=\"n1\", qop=\"auth\""));

    first.succeeded(List.of(), List.of("Digest nextnonce=\"n2\""));

    assertThat(first.history()).anyMatch(step -> step.contains(
        "ignored a malformed Proxy-Authentication-Info: Expected '=' after the auth-param name"));
    assertThat(auth.newExchange(CONNECT).preemptive()).hasValueSatisfying(v ->
        assertThat(v).contains("nonce=\"n1\"", "nc=00000002"));
  }

  @Test
  void preemptiveDigestLendsEachNonceToOneRequestAtATime() throws Exception {
    ProxyAuthenticator auth = ProxyAuthenticator.builder().schemes(AuthScheme.digest())
        .credentials(provider).build();
    for (String nonce : List.of("n1", "n2")) {
      AuthExchange x = auth.newExchange(CONNECT);
      x.respond(List.of("Digest realm=\"r\", nonce=\"" + nonce + "\", qop=\"auth\""));
      x.succeeded(List.of());
    }

    AuthExchange a = auth.newExchange(CONNECT);
    AuthExchange b = auth.newExchange(CONNECT);
    Optional<String> onA = a.preemptive();
    Optional<String> onB = b.preemptive();
    // In flight at once: each its own nonce, so their counts cannot reach the proxy out of order.
    assertThat(onA).hasValueSatisfying(v -> assertThat(v).contains("nonce=\"n2\""));
    assertThat(onB).hasValueSatisfying(v -> assertThat(v).contains("nonce=\"n1\""));
    assertThat(auth.newExchange(CONNECT).preemptive()).as("both nonces in use").isEmpty();

    a.succeeded(List.of());
    assertThat(auth.newExchange(CONNECT).preemptive()).hasValueSatisfying(v ->
        assertThat(v).contains("nonce=\"n2\"").contains("nc=00000003"));
  }

  @Test
  void stopsWhenSameCredentialsAreRejectedAgain() throws Exception {
    AuthExchange exchange = builder().build().newExchange(CONNECT);
    exchange.respond(List.of("Strong"));

    assertThatThrownBy(() -> exchange.respond(List.of("Strong")))
        .isInstanceOf(ProxyAuthException.class)
        .hasMessageContaining("alice")
        .hasMessageContaining("(configured in code)")
        .satisfies(e -> assertThat(reason(e)).isEqualTo(Reason.CREDENTIALS_REJECTED));
    assertThat(strong.answers).hasSize(1);
    assertThat(provider.invalidated).hasSize(1);
  }

  @Test
  void retriesOnceWithRotatedCredentials() throws Exception {
    AuthExchange exchange = builder().build().newExchange(CONNECT);
    exchange.respond(List.of("Strong"));
    provider.rotate(Credentials.of("alice", "new-secret".toCharArray()).withSource("vault"));

    assertThat(exchange.respond(List.of("Strong"))).isEqualTo("strong leg-1:alice");
    assertThat(exchange.history()).anyMatch(line -> line.contains("refreshed credentials from vault"));
    assertThatThrownBy(() -> exchange.respond(List.of("Strong")))
        .satisfies(e -> assertThat(reason(e)).isEqualTo(Reason.CREDENTIALS_REJECTED));
  }

  @Test
  void capsAttemptsOfEndlessHandshake() throws Exception {
    AuthExchange exchange = builder().maxAttempts(4).build().newExchange(CONNECT);
    for (int i = 0; i < 4; i++) {
      exchange.respond(List.of("Strong more"));
    }

    assertThatThrownBy(() -> exchange.respond(List.of("Strong more")))
        .satisfies(e -> assertThat(reason(e)).isEqualTo(Reason.TOO_MANY_ATTEMPTS));
    assertThat(listener.types()).contains(Type.GAVE_UP);
  }

  @Test
  void failedExchangeKeepsFailing() throws Exception {
    AuthExchange exchange = builder().minimumStrength(99).build().newExchange(CONNECT);
    ProxyAuthException first = catchThrowable(() -> exchange.respond(List.of("Strong")));

    assertThat(catchThrowable(() -> exchange.respond(List.of("Strong")))).isSameAs(first);
  }

  @Test
  void skipsMalformedValueAndUsesTheNext() throws Exception {
    AuthExchange exchange = builder().build().newExchange(CONNECT);

    assertThat(exchange.respond(List.of("Strong realm=\"unterminated", "Weak"))).startsWith("weak ");
    assertThat(listener.types()).contains(Type.MALFORMED_CHALLENGE);
  }

  @Test
  void aMalformedValueIsNamedByHeaderAndPosition() throws Exception {
    AuthExchange exchange = builder().build().newExchange(CONNECT);

    exchange.respond(List.of("Weak", "Strong realm=\"unterminated"));

    assertThat(listener.events).filteredOn(e -> e.type() == Type.MALFORMED_CHALLENGE)
        .singleElement().satisfies(e -> assertThat(e.detail())
            .startsWith("Proxy-Authenticate value 2 of 2: Expected "));
  }

  @Test
  void reportsMissingProxyAuthenticate() {
    AuthExchange exchange = builder().build().newExchange(CONNECT);

    assertThatThrownBy(() -> exchange.respond(List.of()))
        .hasMessageContaining("the 407 carried no challenge (no Proxy-Authenticate")
        .satisfies(e -> assertThat(reason(e)).isEqualTo(Reason.NO_USABLE_SCHEME));
  }

  @Test
  void reportsOnlyMalformedChallenges() {
    AuthExchange exchange = builder().build().newExchange(CONNECT);

    assertThatThrownBy(() -> exchange.respond(List.of("Strong a=\"x", "=")))
        .satisfies(e -> assertThat(reason(e)).isEqualTo(Reason.MALFORMED_CHALLENGE));
  }

  @Test
  void namesOfferedSchemesThatAreNotEnabled() {
    AuthExchange exchange = builder().build().newExchange(CONNECT);

    assertThatThrownBy(() -> exchange.respond(List.of("Kerberos-Only")))
        .hasMessageContaining("kerberos-only: not enabled")
        .satisfies(e -> assertThat(reason(e)).isEqualTo(Reason.NO_USABLE_SCHEME));
  }

  @Test
  void answersPreemptivelyAfterSuccess() throws Exception {
    ProxyAuthenticator auth = builder().build();
    AuthExchange first = auth.newExchange(CONNECT);
    first.respond(List.of("Strong"));
    first.succeeded(List.of());

    AuthExchange second = auth.newExchange(CONNECT);

    assertThat(second.preemptive()).contains("strong pre:alice");
    assertThat(auth.metrics().snapshot()).anySatisfy(c -> {
      assertThat(c.scheme()).isEqualTo("strong");
      assertThat(c.successes()).isEqualTo(1);
      assertThat(c.preemptive()).isEqualTo(1);
    });
  }

  @Test
  void noPreemptiveAnswerWhenDisabledOrForAnotherProxy() throws Exception {
    ProxyAuthenticator auth = builder().preemptive(false).build();
    AuthExchange first = auth.newExchange(CONNECT);
    first.respond(List.of("Strong"));
    first.succeeded(List.of());
    ProxyAuthenticator cached = builder().build();
    AuthExchange done = cached.newExchange(CONNECT);
    done.respond(List.of("Strong"));
    done.succeeded(List.of());

    assertThat(auth.newExchange(CONNECT).preemptive()).isEmpty();
    assertThat(cached.newExchange(AuthRequest.connect("other.test", 3128, "o", 443)).preemptive())
        .isEmpty();
  }

  @Test
  void rejectedPreemptiveAnswerFallsBackToTheChallenge() throws Exception {
    ProxyAuthenticator auth = builder().build();
    AuthExchange first = auth.newExchange(CONNECT);
    first.respond(List.of("Strong"));
    first.succeeded(List.of());
    AuthExchange second = auth.newExchange(CONNECT);
    second.preemptive();

    assertThat(second.respond(List.of("Weak"))).isEqualTo("weak leg-1:alice");
    assertThat(provider.invalidated).isEmpty();
    assertThat(auth.newExchange(CONNECT).preemptive()).isEmpty();
  }

  @Test
  void restartsConnectionBoundHandshakeAfterClose() throws Exception {
    FakeScheme bound = new FakeScheme("bound", 30, true, true);
    AuthExchange exchange = builder().schemes(bound).build().newExchange(CONNECT);
    exchange.respond(List.of("Bound"));
    exchange.connectionClosed();

    assertThat(exchange.respond(List.of("Bound more"))).isEqualTo("bound leg-1:alice");
    assertThat(bound.sessions).isEqualTo(2);
  }

  @Test
  void givesUpWhenProxyKeepsClosingMidHandshake() throws Exception {
    FakeScheme bound = new FakeScheme("bound", 30, true, true);
    AuthExchange exchange = builder().schemes(bound).maxAttempts(20).build().newExchange(CONNECT);
    exchange.respond(List.of("Bound"));
    for (int i = 0; i < 2; i++) {
      exchange.connectionClosed();
      exchange.respond(List.of("Bound more"));
    }
    exchange.connectionClosed();

    assertThatThrownBy(() -> exchange.respond(List.of("Bound more")))
        .hasMessageContaining("persistent connection")
        .satisfies(e -> assertThat(reason(e)).isEqualTo(Reason.PROTOCOL_ERROR));
  }

  @Test
  void kerberosRejectionFallsBackToNextScheme() throws Exception {
    FakeScheme kerberos = new FakeScheme("kerb", 40, false, false);
    AuthExchange exchange = builder().schemes(kerberos, weak).build().newExchange(CONNECT);

    assertThat(exchange.respond(List.of("Kerb", "Weak"))).isEqualTo("kerb leg-1:kerberos");
    assertThat(exchange.respond(List.of("Kerb", "Weak"))).isEqualTo("weak leg-1:alice");
  }

  @Test
  void eventsAndDiagnosisNeverContainThePassword() throws Exception {
    AuthExchange exchange = builder().build().newExchange(CONNECT);
    exchange.respond(List.of("Strong"));
    Throwable failure = catchThrowable(() -> exchange.respond(List.of("Strong")));

    assertThat(failure.getMessage()).doesNotContain(CANARY);
    assertThat(listener.events).allSatisfy(e -> assertThat(e.toString()).doesNotContain(CANARY));
    assertThat(provider.current.get().orElseThrow().toString()).doesNotContain(CANARY);
  }

  public static Reason reason(Throwable e) {
    return ((ProxyAuthException) e).diagnosis().orElseThrow().reason();
  }

  static ProxyAuthException catchThrowable(ThrowingCall call) {
    try {
      call.run();
    } catch (ProxyAuthException e) {
      return e;
    }
    throw new AssertionError("expected a ProxyAuthException");
  }

  interface ThrowingCall {
    void run() throws ProxyAuthException;
  }
}
