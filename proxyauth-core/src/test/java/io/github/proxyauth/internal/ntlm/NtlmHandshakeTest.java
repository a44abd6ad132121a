package io.github.proxyauth.internal.ntlm;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyauth.Credentials;
import io.github.proxyauth.spi.AuthContext;
import io.github.proxyauth.spi.AuthSession;
import io.github.proxyauth.spi.Challenge;
import io.github.proxyauth.testkit.internal.NtlmServerScheme;
import io.github.proxyauth.testkit.internal.ServerConnection;
import io.github.proxyauth.testkit.internal.ServerRequest;
import io.github.proxyauth.testkit.internal.UserStore;
import io.github.proxyauth.testkit.internal.Verdict;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Full handshakes checked by the test kit's independent server-side NTLMv2 verifier. */
class NtlmHandshakeTest {
  static final String PASSWORD = "Canary-Pw-7731";
  static final ServerRequest CONNECT = new ServerRequest("CONNECT", "origin.example:443");

  @ParameterizedTest
  @ValueSource(strings = {"DOMAIN\\alice", "alice@DOMAIN", "alice", "ALICE", "domain\\Alice"})
  void testKitProxyAcceptsEveryUserForm(String user) throws Exception {
    assertThat(handshake(Credentials.of(user, PASSWORD.toCharArray())))
        .isEqualTo(new Verdict.Accepted("alice"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"tr-TR", "az-AZ", "en-US"})
  void testKitProxyAcceptsUserWithDottedIUnderAnyDefaultLocale(String locale) throws Exception {
    Locale saved = Locale.getDefault();
    Locale.setDefault(Locale.forLanguageTag(locale));
    try {
      assertThat(handshake(Credentials.of("DOMAIN\\admin", PASSWORD.toCharArray())))
          .isEqualTo(new Verdict.Accepted("admin"));
    } finally {
      Locale.setDefault(saved);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"wrong-password", "Canary-Pw-7732"})
  void testKitProxyRejectsWrongPassword(String password) throws Exception {
    assertThat(handshake(Credentials.of("DOMAIN\\alice", password.toCharArray())))
        .isInstanceOf(Verdict.Rejected.class);
  }

  private static Verdict handshake(Credentials credentials) throws Exception {
    UserStore users = new UserStore();
    users.put("alice", PASSWORD);
    users.put("admin", PASSWORD);
    NtlmServerScheme server = new NtlmServerScheme(users, "DOMAIN");
    ServerConnection connection = new ServerConnection(0);
    AuthContext context = AuthContext.builder(NtlmSchemeTest.request(), NtlmSchemeTest.scope())
        .credentials(Optional.of(credentials)).build();
    AuthSession session = NtlmScheme.create(Optional.of("WORKSTATION")).newSession(context);

    Verdict first = server.verify(session.respond(Challenge.of("ntlm")).substring(5), CONNECT,
        connection);
    assertThat(first).isInstanceOf(Verdict.Continue.class);
    String type2 = ((Verdict.Continue) first).proxyAuthenticate();
    assertThat(type2).startsWith("NTLM ");
    Challenge challenge = Challenge.ofToken68("ntlm", type2.substring(5));
    assertThat(session.continues(challenge)).isTrue();
    return server.verify(session.respond(challenge).substring(5), CONNECT, connection);
  }
}
