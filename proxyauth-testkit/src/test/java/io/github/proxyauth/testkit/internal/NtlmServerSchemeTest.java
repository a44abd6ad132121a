package io.github.proxyauth.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyauth.testkit.internal.ntlm.NtlmTestClient;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class NtlmServerSchemeTest {
  static final byte[] SERVER_CHALLENGE = HexFormat.of().parseHex("0123456789abcdef");
  static final String PASSWORD = "s3cret-canary";
  static final ServerRequest REQUEST = new ServerRequest("CONNECT", "example.com:443");

  private final UserStore users = new UserStore();
  private final NtlmServerScheme scheme = new NtlmServerScheme(users, "EXAMPLE",
      SERVER_CHALLENGE::clone, Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC));
  private final ServerConnection connection = new ServerConnection(1);

  NtlmServerSchemeTest() {
    users.put("alice", PASSWORD);
  }

  @Test
  void opensWithBareNtlmChallenge() {
    assertThat(scheme.name()).isEqualTo("ntlm");
    assertThat(scheme.challenge(connection)).isEqualTo("NTLM");
  }

  @Test
  void answersType1WithType2CarryingInjectedChallenge() {
    Verdict verdict = scheme.verify(encode(new NtlmTestClient(NtlmTestClient.MODERN, true)
        .type1()), REQUEST, connection);

    assertThat(verdict).isInstanceOf(Verdict.Continue.class);
    byte[] type2 = type2Of(verdict);
    assertThat(Arrays.copyOfRange(type2, 24, 32)).isEqualTo(SERVER_CHALLENGE);
    assertThat(connection.attributes()).containsKey(NtlmServerScheme.HANDSHAKE);
  }

  @Test
  void acceptsModernClientWithMic() {
    Verdict verdict = handshake(new NtlmTestClient(NtlmTestClient.MODERN, true), "EXAMPLE",
        "alice", PASSWORD);

    assertThat(verdict).isEqualTo(new Verdict.Accepted("alice"));
  }

  @Test
  void acceptsPlainClientWithoutMic() {
    Verdict verdict = handshake(new NtlmTestClient(NtlmTestClient.PLAIN, false), "EXAMPLE",
        "alice", PASSWORD);

    assertThat(verdict).isEqualTo(new Verdict.Accepted("alice"));
  }

  @Test
  void matchesUserAndDomainCaseInsensitively() {
    Verdict verdict = handshake(new NtlmTestClient(NtlmTestClient.MODERN, true), "example",
        "ALICE", PASSWORD);

    assertThat(verdict).isEqualTo(new Verdict.Accepted("alice"));
  }

  @Test
  void acceptsEmptyDomain() {
    Verdict verdict = handshake(new NtlmTestClient(NtlmTestClient.PLAIN, false), "", "alice",
        PASSWORD);

    assertThat(verdict).isEqualTo(new Verdict.Accepted("alice"));
  }

  @Test
  void rejectsWrongPasswordWithoutRevealingSecrets() {
    Verdict verdict = handshake(new NtlmTestClient(NtlmTestClient.MODERN, true), "EXAMPLE",
        "alice", "wrong-canary");

    assertThat(verdict).isInstanceOf(Verdict.Rejected.class);
    assertThat(((Verdict.Rejected) verdict).reason())
        .contains("NTProofStr").doesNotContain("canary");
  }

  @Test
  void rejectsOtherDomain() {
    Verdict verdict = handshake(new NtlmTestClient(NtlmTestClient.MODERN, true), "OTHER",
        "alice", PASSWORD);

    assertThat(verdict).isInstanceOf(Verdict.Rejected.class);
    assertThat(((Verdict.Rejected) verdict).reason()).contains("OTHER");
  }

  @Test
  void rejectsUnknownUser() {
    Verdict verdict = handshake(new NtlmTestClient(NtlmTestClient.MODERN, true), "EXAMPLE",
        "mallory", PASSWORD);

    assertThat(verdict).isEqualTo(new Verdict.Rejected("Unknown user 'mallory'"));
  }

  @Test
  void usesPasswordCurrentAtType3() {
    NtlmTestClient client = new NtlmTestClient(NtlmTestClient.MODERN, true);
    byte[] type1 = client.type1();
    byte[] type2 = type2Of(scheme.verify(encode(type1), REQUEST, connection));
    users.put("alice", "rotated");

    Verdict verdict = scheme.verify(
        encode(client.type3(type1, type2, "EXAMPLE", "alice", "rotated")), REQUEST, connection);

    assertThat(verdict).isEqualTo(new Verdict.Accepted("alice"));
  }

  @Test
  void rejectsType3WithoutHandshake() {
    NtlmTestClient client = new NtlmTestClient(NtlmTestClient.MODERN, true);
    byte[] type1 = client.type1();
    byte[] type2 = type2Of(scheme.verify(encode(type1), REQUEST, new ServerConnection(7)));

    Verdict verdict = scheme.verify(
        encode(client.type3(type1, type2, "EXAMPLE", "alice", PASSWORD)), REQUEST, connection);

    assertThat(verdict)
        .isEqualTo(new Verdict.Rejected("Type 3 on a connection without a handshake"));
  }

  @Test
  void rejectsReplayedType3() {
    NtlmTestClient client = new NtlmTestClient(NtlmTestClient.MODERN, true);
    byte[] type1 = client.type1();
    byte[] type2 = type2Of(scheme.verify(encode(type1), REQUEST, connection));
    String type3 = encode(client.type3(type1, type2, "EXAMPLE", "alice", PASSWORD));

    assertThat(scheme.verify(type3, REQUEST, connection)).isInstanceOf(Verdict.Accepted.class);
    assertThat(scheme.verify(type3, REQUEST, connection))
        .isInstanceOf(Verdict.Rejected.class);
  }

  @Test
  void rejectsTamperedMic() {
    NtlmTestClient client = new NtlmTestClient(NtlmTestClient.MODERN, true);
    byte[] type1 = client.type1();
    byte[] type2 = type2Of(scheme.verify(encode(type1), REQUEST, connection));
    byte[] type3 = client.type3(type1, type2, "EXAMPLE", "alice", PASSWORD);
    type3[80] ^= 0x55;

    Verdict verdict = scheme.verify(encode(type3), REQUEST, connection);

    assertThat(verdict).isEqualTo(new Verdict.Rejected(
        "MIC does not match: the NTLM messages were altered or the session key is wrong"));
  }

  @Test
  void rejectsNonBase64AndForeignMessagesWithReasons() {
    byte[] type2Shaped = new NtlmTestClient(NtlmTestClient.MODERN, true).type1();
    type2Shaped[8] = 2;

    assertThat(scheme.verify("%%%", REQUEST, connection)).isInstanceOf(Verdict.Rejected.class);
    assertThat(scheme.verify("AAAA", REQUEST, connection))
        .isEqualTo(new Verdict.Rejected("Expected an NTLM Type 1 or Type 3 message but got 3 bytes"));
    assertThat(scheme.verify(encode(type2Shaped), REQUEST, connection))
        .isEqualTo(new Verdict.Rejected("Expected an NTLM Type 1 or Type 3 message but got type 2"));
  }

  @Test
  void rejectsTruncatedType3() {
    NtlmTestClient client = new NtlmTestClient(NtlmTestClient.MODERN, true);
    byte[] type1 = client.type1();
    byte[] type2 = type2Of(scheme.verify(encode(type1), REQUEST, connection));
    byte[] type3 = client.type3(type1, type2, "EXAMPLE", "alice", PASSWORD);

    Verdict verdict = scheme.verify(encode(Arrays.copyOf(type3, 100)), REQUEST, connection);

    assertThat(verdict).isInstanceOf(Verdict.Rejected.class);
    assertThat(((Verdict.Rejected) verdict).reason()).contains("points outside");
  }

  private Verdict handshake(NtlmTestClient client, String domain, String user, String password) {
    byte[] type1 = client.type1();
    byte[] type2 = type2Of(scheme.verify(encode(type1), REQUEST, connection));
    byte[] type3 = client.type3(type1, type2, domain, user, password);
    return scheme.verify(encode(type3), REQUEST, connection);
  }

  private static byte[] type2Of(Verdict verdict) {
    String header = ((Verdict.Continue) verdict).proxyAuthenticate();
    assertThat(header).startsWith("NTLM ");
    return Base64.getDecoder().decode(header.substring(5));
  }

  private static String encode(byte[] message) {
    return Base64.getEncoder().encodeToString(message);
  }
}
