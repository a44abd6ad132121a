package io.github.proxyauth.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyauth.testkit.TestKdc;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;
import javax.security.auth.Subject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class NegotiateServerSchemeTest {
  static final ServerRequest REQUEST = new ServerRequest("GET", "http://example.com/");
  static TestKdc kdc;
  static Subject alice;
  static NegotiateServerScheme scheme;

  private final ServerConnection connection = new ServerConnection(3);

  @BeforeAll
  static void startKdcAndLogIn() throws Exception {
    kdc = TestKdc.start();
    kdc.addPrincipal("alice", "alice-pw");
    kdc.addPrincipal("HTTP/other");
    Path keytab = kdc.createServicePrincipal("HTTP/localhost");
    kdc.useAsJvmDefault();
    alice = KerberosTestClient.loginWithPassword(kdc.principal("alice"), "alice-pw");
    scheme = new NegotiateServerScheme(keytab, kdc.principal("HTTP/localhost"));
  }

  @AfterAll
  static void stopKdc() throws IOException {
    kdc.close();
  }

  @Test
  void opensWithBareNegotiateChallenge() {
    assertThat(scheme.name()).isEqualTo("negotiate");
    assertThat(scheme.challenge(connection)).isEqualTo("Negotiate");
  }

  @Test
  void acceptsSpnegoToken() throws Exception {
    KerberosTestClient.Initiated client =
        KerberosTestClient.initiate(alice, "localhost", KerberosTestClient.SPNEGO, false);

    assertThat(scheme.verify(encode(client.token()), REQUEST, connection))
        .isEqualTo(new Verdict.Accepted("alice@EXAMPLE.TEST"));
  }

  @Test
  void acceptsRawKerberosTokenWithoutFinalToken() throws Exception {
    KerberosTestClient.Initiated client =
        KerberosTestClient.initiate(alice, "localhost", KerberosTestClient.KERBEROS, false);

    assertThat(scheme.verify(encode(client.token()), REQUEST, connection))
        .isEqualTo(new Verdict.Accepted("alice@EXAMPLE.TEST"));
    assertThat(scheme.finalToken(connection)).isEmpty();
  }

  @Test
  void mutualAuthenticationYieldsFinalTokenThatCompletesClient() throws Exception {
    KerberosTestClient.Initiated client =
        KerberosTestClient.initiate(alice, "localhost", KerberosTestClient.SPNEGO, true);

    Verdict verdict = scheme.verify(encode(client.token()), REQUEST, connection);
    Optional<String> header = scheme.finalToken(connection);

    assertThat(verdict).isEqualTo(new Verdict.Accepted("alice@EXAMPLE.TEST"));
    assertThat(header).get().asString().startsWith("Negotiate ");
    byte[] reply = Base64.getDecoder().decode(header.get().substring("Negotiate ".length()));
    KerberosTestClient.continueWith(alice, client.context(), reply);
    assertThat(client.context().isEstablished()).isTrue();
    assertThat(client.context().getMutualAuthState()).isTrue();
    assertThat(scheme.finalToken(connection)).isEmpty();
  }

  @Test
  void rejectsTicketForAnotherService() throws Exception {
    KerberosTestClient.Initiated client =
        KerberosTestClient.initiate(alice, "other", KerberosTestClient.SPNEGO, false);

    Verdict verdict = scheme.verify(encode(client.token()), REQUEST, connection);

    assertThat(verdict).isInstanceOf(Verdict.Rejected.class);
    assertThat(((Verdict.Rejected) verdict).reason()).contains("HTTP/localhost@EXAMPLE.TEST");
  }

  @Test
  void rejectsGarbageToken() {
    Verdict verdict = scheme.verify(encode(new byte[] {0x60, 0x03, 0x06, 0x01, 0x00}), REQUEST,
        connection);

    assertThat(verdict).isInstanceOf(Verdict.Rejected.class);
    assertThat(connection.attributes()).doesNotContainKey(NegotiateServerScheme.CONTEXT);
  }

  @Test
  void rejectsNonBase64() {
    assertThat(scheme.verify("not base64!", REQUEST, connection))
        .isEqualTo(new Verdict.Rejected("Negotiate credentials are not base64 (11 characters)"));
  }

  private static String encode(byte[] token) {
    return Base64.getEncoder().encodeToString(token);
  }
}
