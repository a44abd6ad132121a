package io.github.proxyauth.internal.negotiate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.proxyauth.AuthScheme;
import io.github.proxyauth.AuthScope;
import io.github.proxyauth.KerberosLogin;
import io.github.proxyauth.NegotiateOptions;
import io.github.proxyauth.ProxyAuthException;
import io.github.proxyauth.spi.AuthContext;
import io.github.proxyauth.spi.AuthRequest;
import io.github.proxyauth.spi.AuthSession;
import io.github.proxyauth.spi.Challenge;
import io.github.proxyauth.testkit.TestKdc;
import io.github.proxyauth.testkit.internal.NegotiateServerScheme;
import io.github.proxyauth.testkit.internal.ServerConnection;
import io.github.proxyauth.testkit.internal.ServerRequest;
import io.github.proxyauth.testkit.internal.Verdict;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Negotiate against a real embedded Kerby KDC and a JGSS acceptor holding the service keytab. */
class NegotiateKdcTest {
  static final String PASSWORD = "Canary-Krb-Pw-5521";
  static final ServerRequest CONNECT = new ServerRequest("CONNECT", "origin.example:443");
  static TestKdc kdc;
  static String alice;
  static Path serviceKeytab;
  static Path aliceKeytab;
  static Path aliceCache;

  @BeforeAll
  static void startKdc() throws Exception {
    kdc = TestKdc.start();
    assertThat(kdc.useAsJvmDefault()).as("JDK Kerberos config reloaded").isTrue();
    alice = kdc.addPrincipal("alice", PASSWORD);
    serviceKeytab = kdc.createServicePrincipal("HTTP/localhost");
    aliceKeytab = kdc.exportKeytab(kdc.directory().resolve("alice.keytab"), alice);
    aliceCache = kdc.kinit(alice, PASSWORD, kdc.directory().resolve("alice.cc"));
  }

  @AfterAll
  static void stopKdc() throws Exception {
    if (kdc != null) {
      kdc.close();
    }
  }

  @Test
  void tokenFromPasswordLoginIsAccepted() throws Exception {
    assertAccepted(AuthScheme.negotiate(KerberosLogin.password(alice, PASSWORD.toCharArray())));
  }

  @Test
  void tokenFromKeytabLoginIsAccepted() throws Exception {
    assertAccepted(AuthScheme.negotiate(KerberosLogin.keytab(alice, aliceKeytab)));
  }

  @Test
  void tokenFromTicketCacheIsAccepted() throws Exception {
    assertAccepted(AuthScheme.negotiate(KerberosLogin.ticketCache(aliceCache)));
  }

  @Test
  void rawKerberosTokenIsAccepted() throws Exception {
    assertAccepted(AuthScheme.negotiate(NegotiateOptions.builder()
        .login(KerberosLogin.keytab(alice, aliceKeytab))
        .mechanism(NegotiateOptions.Mechanism.KERBEROS).build()));
  }

  @Test
  void preemptiveTokenIsAccepted() throws Exception {
    AuthSession session = AuthScheme.negotiate(KerberosLogin.ticketCache(aliceCache))
        .newSession(context("localhost", Clock.systemUTC()));
    String header = session.preemptive().orElseThrow();
    assertThat(acceptor().verify(header.substring(10), CONNECT, new ServerConnection(1)))
        .isEqualTo(new Verdict.Accepted(alice));
  }

  @Test
  void finalTokenOfAcceptorVerifiesAndCompletesMutualAuthentication() throws Exception {
    AuthScheme scheme = AuthScheme.negotiate(NegotiateOptions.builder()
        .login(KerberosLogin.keytab(alice, aliceKeytab)).requireMutualAuth(true).build());
    AuthSession session = scheme.newSession(context("localhost", Clock.systemUTC()));
    NegotiateServerScheme acceptor = acceptor();
    ServerConnection connection = new ServerConnection(2);
    String header = session.respond(Challenge.of("negotiate"));
    assertThat(acceptor.verify(header.substring(10), CONNECT, connection))
        .isInstanceOf(Verdict.Accepted.class);
    String reply = acceptor.finalToken(connection).orElseThrow();
    session.verify(Optional.of(Challenge.ofToken68("negotiate", reply.substring(10))));
  }

  @Test
  void missingFinalTokenFailsOnlyWhenMutualAuthenticationIsRequired() throws Exception {
    KerberosLogin login = KerberosLogin.keytab(alice, aliceKeytab);
    AuthSession relaxed = AuthScheme.negotiate(login).newSession(context("localhost",
        Clock.systemUTC()));
    relaxed.respond(Challenge.of("negotiate"));
    relaxed.verify(Optional.empty());
    AuthSession strict = AuthScheme.negotiate(NegotiateOptions.builder().login(login)
        .requireMutualAuth(true).build()).newSession(context("localhost", Clock.systemUTC()));
    strict.respond(Challenge.of("negotiate"));
    assertThatThrownBy(() -> strict.verify(Optional.empty()))
        .isInstanceOf(ProxyAuthException.class)
        .hasMessageContaining("sent no final Negotiate token");
  }

  @Test
  void forgedFinalTokenFailsVerification() throws Exception {
    AuthSession session = AuthScheme.negotiate(KerberosLogin.keytab(alice, aliceKeytab))
        .newSession(context("localhost", Clock.systemUTC()));
    session.respond(Challenge.of("negotiate"));
    assertThatThrownBy(() -> session.verify(
        Optional.of(Challenge.ofToken68("negotiate", "oRQwEqADCgEAoQsGCSqGSIb3EgECAg=="))))
        .isInstanceOf(ProxyAuthException.class);
  }

  @Test
  void unknownServicePrincipalSaysWhichAndWhatToDo() throws Exception {
    AuthSession session = AuthScheme.negotiate(KerberosLogin.keytab(alice, aliceKeytab))
        .newSession(context("unknown-proxy.example.test", Clock.systemUTC()));
    assertThatThrownBy(() -> session.respond(Challenge.of("negotiate")))
        .isInstanceOf(ProxyAuthException.class)
        .hasMessageContaining("(7)")
        .hasMessageContaining("no service principal HTTP/unknown-proxy.example.test")
        .hasMessageContaining("NegotiateOptions.servicePrincipal");
  }

  @Test
  void proxyGivenAsIpAddressIsDiagnosed() throws Exception {
    AuthSession session = AuthScheme.negotiate(KerberosLogin.keytab(alice, aliceKeytab))
        .newSession(context("127.0.0.1", Clock.systemUTC()));
    assertThatThrownBy(() -> session.respond(Challenge.of("negotiate")))
        .isInstanceOf(ProxyAuthException.class)
        .hasMessageContaining("the proxy is given as an IP address");
  }

  @Test
  void servicePrincipalOverrideReachesTheRightService() throws Exception {
    AuthScheme scheme = AuthScheme.negotiate(NegotiateOptions.builder()
        .login(KerberosLogin.keytab(alice, aliceKeytab))
        .servicePrincipal("HTTP/localhost@" + kdc.realm()).build());
    String header = scheme.newSession(context("127.0.0.1", Clock.systemUTC()))
        .respond(Challenge.of("negotiate"));
    assertThat(acceptor().verify(header.substring(10), CONNECT, new ServerConnection(3)))
        .isEqualTo(new Verdict.Accepted(alice));
  }

  @Test
  void wrongPasswordSaysToCheckThePasswordAndNeverShowsIt() {
    AuthScheme scheme = AuthScheme.negotiate(
        KerberosLogin.password(alice, "Canary-Wrong-9".toCharArray()));
    assertThatThrownBy(() -> scheme.newSession(context("localhost", Clock.systemUTC())))
        .isInstanceOf(ProxyAuthException.class)
        .hasMessageContaining("the KDC rejected the password")
        .satisfies(e -> assertThat(e.toString() + scheme).doesNotContain("Canary"));
  }

  @Test
  void expiredTicketInCacheMakesNegotiateUnavailableWithFix() {
    Clock inTwoDays = Clock.offset(Clock.systemUTC(), Duration.ofDays(2));
    AuthScheme scheme = AuthScheme.negotiate(KerberosLogin.ticketCache(aliceCache));
    assertThat(scheme.unavailableReason(context("localhost", inTwoDays)))
        .hasValueSatisfying(reason -> assertThat(reason).contains("expired").contains("kinit"));
    assertThat(scheme.unavailableReason(context("localhost", Clock.systemUTC()))).isEmpty();
  }

  @Test
  void passwordLoginIsRepeatedWhenTheTicketNearsItsEnd() throws Exception {
    java.util.concurrent.atomic.AtomicInteger logins = new java.util.concurrent.atomic.AtomicInteger();
    KerberosCredentials credentials = new KerberosCredentials(
        new KerberosSource.Password(alice, PASSWORD.toCharArray()), source -> {
          logins.incrementAndGet();
          return JaasLogin.login(source);
        });
    var first = credentials.subject(Clock.systemUTC());
    Instant end = KerberosCredentials.tgtEnd(first).orElseThrow();
    assertThat(credentials.subject(Clock.systemUTC())).isSameAs(first);
    assertThat(logins).hasValue(1);
    Clock nearEnd = Clock.fixed(end.minusSeconds(30), ZoneOffset.UTC);
    // the new ticket ends as soon (same lifetime, same second) as seen from the shifted clock
    assertThatThrownBy(() -> credentials.subject(nearEnd))
        .hasMessageContaining("expired at");
    assertThat(logins).hasValue(2);
  }

  @Test
  void tokensAndPasswordNeverAppearInToString() throws Exception {
    AuthScheme scheme = AuthScheme.negotiate(KerberosLogin.password(alice,
        PASSWORD.toCharArray()));
    AuthSession session = scheme.newSession(context("localhost", Clock.systemUTC()));
    String header = session.respond(Challenge.of("negotiate"));
    assertThat(scheme.toString() + session).doesNotContain(PASSWORD)
        .doesNotContain(header.substring(10, 30));
  }

  private static void assertAccepted(AuthScheme scheme) throws Exception {
    AuthContext context = context("localhost", Clock.systemUTC());
    assertThat(scheme.unavailableReason(context)).isEmpty();
    AuthSession session = scheme.newSession(context);
    String header = session.respond(Challenge.of("negotiate"));
    assertThat(header).startsWith("Negotiate ");
    Verdict verdict = acceptor().verify(header.substring(10), CONNECT, new ServerConnection(0));
    assertThat(verdict).isEqualTo(new Verdict.Accepted(alice));
    assertThat(session.continues(Challenge.of("negotiate"))).isFalse();
    session.verify(Optional.empty());
  }

  static NegotiateServerScheme acceptor() {
    return new NegotiateServerScheme(serviceKeytab, "HTTP/localhost@" + kdc.realm());
  }

  static AuthContext context(String proxyHost, Clock clock) {
    return AuthContext.builder(AuthRequest.connect(proxyHost, 3128, "origin.example", 443),
        AuthScope.of(proxyHost, 3128, "negotiate")).clock(clock).build();
  }
}
