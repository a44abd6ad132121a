package io.github.proxyauth.testkit.internal.ntlm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NtlmVerifierTest {
  static final HexFormat HEX = HexFormat.of();

  @Test
  void acceptsMsNlmpAuthenticateMessageWithSpecPassword() throws Exception {
    AuthenticateMessage message =
        AuthenticateMessage.parse(AuthenticateMessageTest.SPEC_AUTHENTICATE);

    Optional<String> failure = NtlmVerifier.verify(
        new byte[0], ChallengeMessageTest.specChallenge(), message, "Password");

    assertThat(failure).isEmpty();
  }

  @Test
  void specSessionKeysMatchMsNlmp() throws Exception {
    AuthenticateMessage message =
        AuthenticateMessage.parse(AuthenticateMessageTest.SPEC_AUTHENTICATE);
    byte[] sessionBaseKey = HEX.parseHex("8de40ccadbc14a82f15cb0ad0de95ca3");

    assertThat(HEX.formatHex(NtlmVerifier.exportedSessionKey(message, sessionBaseKey)))
        .isEqualTo("55".repeat(16));
  }

  @Test
  void rejectsMsNlmpAuthenticateMessageWithWrongPassword() throws Exception {
    AuthenticateMessage message =
        AuthenticateMessage.parse(AuthenticateMessageTest.SPEC_AUTHENTICATE);

    Optional<String> failure = NtlmVerifier.verify(
        new byte[0], ChallengeMessageTest.specChallenge(), message, "Passw0rd-canary");

    assertThat(failure).get().asString()
        .contains("NTProofStr does not match").doesNotContain("canary");
  }

  @Test
  void rejectsAnswerToAnotherChallenge() throws Exception {
    AuthenticateMessage message =
        AuthenticateMessage.parse(AuthenticateMessageTest.SPEC_AUTHENTICATE);
    ChallengeMessage spec = ChallengeMessageTest.specChallenge();
    ChallengeMessage other = new ChallengeMessage(spec.flags(), new byte[8], spec.targetName(),
        spec.targetInfo(), spec.version());

    assertThat(NtlmVerifier.verify(new byte[0], other, message, "Password")).isPresent();
  }

  @Test
  void refusesNtlmV1Response() throws Exception {
    AuthenticateMessage message = AuthenticateMessage.parse(type3WithNtResponse(24));

    assertThat(NtlmVerifier.verify(new byte[0], ChallengeMessageTest.specChallenge(), message,
        "Password")).get().asString().contains("NTLMv1");
  }

  @Test
  void refusesLmOnlyResponse() throws Exception {
    AuthenticateMessage message = AuthenticateMessage.parse(type3WithNtResponse(0));

    assertThat(NtlmVerifier.verify(new byte[0], ChallengeMessageTest.specChallenge(), message,
        "Password")).get().asString().contains("NTLMv2 only");
  }

  @Test
  void rejectsShortNtlmV2ResponseAsMalformed() throws Exception {
    AuthenticateMessage message = AuthenticateMessage.parse(type3WithNtResponse(40));

    assertThatThrownBy(() -> NtlmVerifier.verify(new byte[0],
        ChallengeMessageTest.specChallenge(), message, "Password"))
        .isInstanceOf(MalformedNtlmException.class).hasMessageContaining("at least 48");
  }

  @Test
  void verifiesMicOfIndependentClient() throws Exception {
    Handshake h = handshake(true);

    assertThat(NtlmVerifier.verify(h.type1, h.challenge, h.message(h.type3), "secret")).isEmpty();
  }

  @Test
  void rejectsTamperedMic() throws Exception {
    Handshake h = handshake(true);
    byte[] tampered = h.type3.clone();
    tampered[AuthenticateMessage.MIC_OFFSET] ^= 1;

    assertThat(NtlmVerifier.verify(h.type1, h.challenge, h.message(tampered), "secret"))
        .get().asString().contains("MIC does not match");
  }

  @Test
  void rejectsMicOverAlteredNegotiateMessage() throws Exception {
    Handshake h = handshake(true);
    byte[] otherType1 = h.type1.clone();
    otherType1[12] ^= 0x10;

    assertThat(NtlmVerifier.verify(otherType1, h.challenge, h.message(h.type3), "secret"))
        .get().asString().contains("MIC");
  }

  @Test
  void acceptsClientWithoutMicOrKeyExchange() throws Exception {
    Handshake h = handshake(false);

    assertThat(NtlmVerifier.verify(h.type1, h.challenge, h.message(h.type3), "secret")).isEmpty();
  }

  private static Handshake handshake(boolean mic) throws MalformedNtlmException {
    NtlmTestClient client =
        new NtlmTestClient(mic ? NtlmTestClient.MODERN : NtlmTestClient.PLAIN, mic);
    byte[] type1 = client.type1();
    ChallengeMessage challenge = ChallengeMessage.answer(NegotiateMessage.parse(type1),
        "EXAMPLE", "proxy", HEX.parseHex("0123456789abcdef"), 133_000_000_000_000_000L);
    byte[] type3 = client.type3(type1, challenge.encode(), "EXAMPLE", "alice", "secret");
    return new Handshake(type1, challenge, type3);
  }

  /** A Type 3 whose NtChallengeResponse has {@code length} bytes and whose names are empty. */
  static byte[] type3WithNtResponse(int length) {
    byte[] message = Arrays.copyOf(AuthenticateMessageTest.SPEC_AUTHENTICATE, 72 + length);
    Arrays.fill(message, 12, 72, (byte) 0);
    byte[] out = AuthenticateMessageTest.withShort(message, 20, length);
    out = AuthenticateMessageTest.withShort(out, 22, length);
    out = AuthenticateMessageTest.withInt(out, 24, 72);
    return AuthenticateMessageTest.withInt(out, 60, 0x00088201);
  }

  private record Handshake(byte[] type1, ChallengeMessage challenge, byte[] type3) {
    AuthenticateMessage message(byte[] bytes) throws MalformedNtlmException {
      return AuthenticateMessage.parse(bytes);
    }
  }
}
