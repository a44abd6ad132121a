package io.github.proxyauth.internal.ntlm;

import static io.github.proxyauth.internal.ntlm.NtlmOracle.HEX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.proxyauth.AuthScope;
import io.github.proxyauth.Credentials;
import io.github.proxyauth.ProxyAuthException;
import io.github.proxyauth.internal.ntlm.NtlmOracle.Type3;
import io.github.proxyauth.spi.AuthContext;
import io.github.proxyauth.spi.AuthRequest;
import io.github.proxyauth.spi.AuthSession;
import io.github.proxyauth.spi.Challenge;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NtlmSchemeTest {
  static final String PASSWORD = "Canary-Pw-7731";
  static final byte[] SERVER_CHALLENGE = HEX.parseHex("0123456789abcdef");
  static final RandomGenerator AA = () -> 0xaaaaaaaaaaaaaaaaL;
  static final long FILETIME = 133_500_000_000_000_000L;

  @Test
  void sendsNtlmv2WithMicWhenChallengeHasTimestamp() throws Exception {
    AuthSession session = session(Credentials.of("DOMAIN\\alice", PASSWORD.toCharArray()), "WS1");
    byte[] type1 = token(session.respond(Challenge.of("ntlm")));
    byte[] type2 = Type2s.message(Type2s.FLAGS, SERVER_CHALLENGE,
        Type2s.targetInfo("DOMAIN", "PROXY", FILETIME));
    Challenge challenge = Challenge.ofToken68("ntlm", Base64.getEncoder().encodeToString(type2));
    assertThat(session.continues(challenge)).isTrue();
    Type3 type3 = NtlmOracle.parseType3(token(session.respond(challenge)));

    byte[] ntowfv2 = NtlmOracle.ntowfv2(PASSWORD, "alice", "DOMAIN");
    assertThat(type3.lm()).isEqualTo(new byte[24]);
    assertThat(type3.ntProofStr())
        .isEqualTo(NtlmOracle.ntProofStr(ntowfv2, SERVER_CHALLENGE, type3.blob()));
    assertThat(type3.clientChallenge()).isEqualTo(HEX.parseHex("aaaaaaaaaaaaaaaa"));
    assertThat(NtlmOracle.avPair(type3.blob(), 9))
        .isEqualTo("HTTP/proxy.example.com".getBytes(StandardCharsets.UTF_16LE));
    assertThat(NtlmOracle.u32(NtlmOracle.avPair(type3.blob(), 6), 0) & 2).isEqualTo(2);
    byte[] exported = NtlmOracle.exportedKey(type3, ntowfv2);
    assertThat(type3.mic()).isEqualTo(NtlmOracle.mic(exported, type1, type2, type3));
    assertThat(type3.user()).isEqualTo("alice");
    assertThat(type3.domain()).isEqualTo("DOMAIN");
    assertThat(type3.workstation()).isEqualTo("WS1");
    assertThat(session.continues(Challenge.of("ntlm"))).isFalse();
  }

  @Test
  void sendsSpecLmv2AndNoMicWhenChallengeHasNoTimestamp() throws Exception {
    AuthSession session = session(Credentials.of("alice@DOMAIN", PASSWORD.toCharArray()), "");
    session.respond(Challenge.of("ntlm"));
    byte[] type2 = Type2s.message(Type2s.FLAGS, SERVER_CHALLENGE,
        Type2s.targetInfo("DOMAIN", "PROXY", -1));
    Type3 type3 = NtlmOracle.parseType3(token(session.respond(
        Challenge.ofToken68("ntlm", Base64.getEncoder().encodeToString(type2)))));

    byte[] ntowfv2 = NtlmOracle.ntowfv2(PASSWORD, "alice", "DOMAIN");
    byte[] clientChallenge = java.util.Arrays.copyOfRange(type3.lm(), 16, 24);
    byte[] lmProof = NtlmOracle.hmac(ntowfv2, NtlmOracle.concat(SERVER_CHALLENGE, clientChallenge));
    assertThat(java.util.Arrays.copyOf(type3.lm(), 16)).isEqualTo(lmProof);
    assertThat(type3.ntProofStr())
        .isEqualTo(NtlmOracle.ntProofStr(ntowfv2, SERVER_CHALLENGE, type3.blob()));
    assertThat(NtlmOracle.avPair(type3.blob(), 6)).isNull();
    assertThat(NtlmOracle.u32(type3.raw(), 16)).as("payload right after the version: no MIC")
        .isEqualTo(72);
    assertThat(type3.workstation()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"CORP\\bob, bob, CORP", "bob@corp.example, bob, corp.example", "bob, bob, ''"})
  void sendsAccountAndDomainOfEachUserForm(String user, String account, String domain)
      throws Exception {
    Type3 type3 = handshake(Credentials.of(user, PASSWORD.toCharArray()));
    assertThat(type3.user()).isEqualTo(account);
    assertThat(type3.domain()).isEqualTo(domain);
    assertThat(type3.ntProofStr()).isEqualTo(NtlmOracle.ntProofStr(
        NtlmOracle.ntowfv2(PASSWORD, account, domain), SERVER_CHALLENGE, type3.blob()));
  }

  @Test
  void proofDoesNotDependOnTurkishDefaultLocale() throws Exception {
    Locale saved = Locale.getDefault();
    Locale.setDefault(Locale.forLanguageTag("tr-TR"));
    try {
      Type3 type3 = handshake(Credentials.of("admin", "DOMAIN", PASSWORD.toCharArray()));
      assertThat(type3.ntProofStr()).isEqualTo(NtlmOracle.ntProofStr(
          NtlmOracle.ntowfv2(PASSWORD, "admin", "DOMAIN"), SERVER_CHALLENGE, type3.blob()));
      assertThat(type3.user()).isEqualTo("admin");
    } finally {
      Locale.setDefault(saved);
    }
  }

  @Test
  void preemptiveAnswerIsTypeOne() throws Exception {
    AuthSession session = session(Credentials.of("alice", PASSWORD.toCharArray()), "");
    byte[] type1 = token(session.preemptive().orElseThrow());
    assertThat(NtlmOracle.u32(type1, 8)).isEqualTo(1);
    assertThat(NtlmOracle.u32(type1, 12)).isEqualTo(0x62088215);
    assertThat(session.preemptive()).isEmpty();
  }

  @Test
  void refusesTypeTwoWithoutTypeOne() throws Exception {
    AuthSession session = session(Credentials.of("alice", PASSWORD.toCharArray()), "");
    byte[] type2 = Type2s.message(Type2s.FLAGS, SERVER_CHALLENGE,
        Type2s.targetInfo("DOMAIN", "PROXY", FILETIME));
    assertThatThrownBy(() -> session.respond(
        Challenge.ofToken68("ntlm", Base64.getEncoder().encodeToString(type2))))
        .isInstanceOf(ProxyAuthException.class)
        .hasMessageContaining("has not sent a Type 1 message");
  }

  @Test
  void refusesBareChallengeAfterTypeOne() throws Exception {
    AuthSession session = session(Credentials.of("alice", PASSWORD.toCharArray()), "");
    session.respond(Challenge.of("ntlm"));
    assertThat(session.continues(Challenge.of("ntlm"))).isFalse();
    assertThatThrownBy(() -> session.respond(Challenge.of("ntlm")))
        .isInstanceOf(ProxyAuthException.class)
        .hasMessageContaining("answered the NTLM Type 1 message with a bare NTLM challenge");
  }

  @Test
  void needsCredentials() {
    AuthContext context = AuthContext.builder(request(), scope()).build();
    assertThat(NtlmScheme.create(Optional.empty()).unavailableReason(context))
        .hasValue("no credentials for proxy.example.com:3128");
    assertThatThrownBy(() -> NtlmScheme.create(Optional.empty()).newSession(context))
        .isInstanceOf(ProxyAuthException.class).hasMessageContaining("NTLM needs credentials");
  }

  @Test
  void passwordNeverAppearsInToStringOrErrors() throws Exception {
    Credentials alice = Credentials.of("DOMAIN\\alice", PASSWORD.toCharArray());
    AuthSession session = session(alice, "WS1");
    session.respond(Challenge.of("ntlm"));
    ProxyAuthException error = org.junit.jupiter.api.Assertions.assertThrows(
        ProxyAuthException.class, () -> session.respond(Challenge.ofToken68("ntlm", "AAAA")));
    assertThat(String.valueOf(error) + session + NtlmScheme.create(Optional.of("WS1")))
        .doesNotContain(PASSWORD).doesNotContain("Canary");
  }

  @Test
  void rejectsWorkstationWithControlCharacters() {
    assertThatThrownBy(() -> NtlmScheme.create(Optional.of("WS\n1")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("WS?1");
  }

  static Type3 handshake(Credentials credentials) throws Exception {
    AuthSession session = session(credentials, "");
    session.respond(Challenge.of("ntlm"));
    byte[] type2 = Type2s.message(Type2s.FLAGS, SERVER_CHALLENGE,
        Type2s.targetInfo("DOMAIN", "PROXY", FILETIME));
    return NtlmOracle.parseType3(token(session.respond(
        Challenge.ofToken68("ntlm", Base64.getEncoder().encodeToString(type2)))));
  }

  static AuthSession session(Credentials credentials, String workstation)
      throws ProxyAuthException {
    AuthContext context = AuthContext.builder(request(), scope())
        .credentials(Optional.of(credentials)).random(AA).build();
    return NtlmScheme.create(workstation.isEmpty() ? Optional.empty() : Optional.of(workstation))
        .newSession(context);
  }

  static AuthRequest request() {
    return AuthRequest.connect("proxy.example.com", 3128, "origin.example", 443);
  }

  static AuthScope scope() {
    return AuthScope.of("proxy.example.com", 3128, "ntlm");
  }

  static byte[] token(String header) {
    assertThat(header).startsWith("NTLM ");
    return Base64.getDecoder().decode(header.substring(5));
  }
}
