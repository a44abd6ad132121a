package io.github.proxyauth.testkit.internal.ntlm;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Checks an AUTHENTICATE_MESSAGE against a password the way a server does (MS-NLMP §3.2.5.1.2
 * and §3.3.2): NTLMv2 only, NTProofStr over the client's blob, and the MIC when MsvAvFlags
 * announces one. Stateless and thread-safe.
 */
public final class NtlmVerifier {
  /** NTProofStr (16) + blob header (28) + MsvAvEOL (4). */
  static final int MIN_NTLMV2_RESPONSE = 48;
  private static final int NTLMV1_RESPONSE = 24;

  private NtlmVerifier() {}

  /**
   * Returns empty when {@code message} proves knowledge of {@code password}, otherwise the reason
   * it does not (never containing a secret).
   *
   * @param negotiate the Type 1 bytes as received (for the MIC)
   * @param challenge the Type 2 this message answers
   * @throws MalformedNtlmException when the response or its blob is malformed
   */
  public static Optional<String> verify(
      byte[] negotiate, ChallengeMessage challenge, AuthenticateMessage message, String password)
      throws MalformedNtlmException {
    byte[] nt = message.ntResponse();
    Optional<String> refused = refuseLegacy(nt.length);
    if (refused.isPresent()) {
      return refused;
    }
    byte[] blob = Arrays.copyOfRange(nt, 16, nt.length);
    if (blob[0] != 1 || blob[1] != 1) {
      throw new MalformedNtlmException(
          "Expected NTLMv2 blob version 1.1 at offset 16 of NtChallengeResponse but got "
              + blob[0] + "." + blob[1]);
    }
    List<AvPairs.AvPair> pairs = AvPairs.parse(blob, 28);
    byte[] key = NtlmCrypto.ntowfv2(password, message.user(), message.domain());
    byte[] proof = NtlmCrypto.ntProofStr(key, challenge.serverChallenge(), blob);
    if (!MessageDigest.isEqual(proof, Arrays.copyOf(nt, 16))) {
      return Optional.of("NTProofStr does not match for user '" + message.user()
          + "': wrong password, or the response answers another challenge");
    }
    if ((AvPairs.flags(pairs) & AvPairs.FLAG_MIC_PRESENT) != 0) {
      return checkMic(negotiate, challenge, message, NtlmCrypto.hmacMd5(key, proof));
    }
    return Optional.empty();
  }

  private static Optional<String> refuseLegacy(int ntLength) throws MalformedNtlmException {
    if (ntLength == 0) {
      return Optional.of("Empty NtChallengeResponse (LM-only or anonymous) refused: NTLMv2 only");
    }
    if (ntLength == NTLMV1_RESPONSE) {
      return Optional.of("NTLMv1 response (24 bytes) refused: NTLMv2 only");
    }
    if (ntLength < MIN_NTLMV2_RESPONSE) {
      throw new MalformedNtlmException("Expected an NTLMv2 NtChallengeResponse of at least "
          + MIN_NTLMV2_RESPONSE + " bytes but got " + ntLength);
    }
    return Optional.empty();
  }

  private static Optional<String> checkMic(
      byte[] negotiate, ChallengeMessage challenge, AuthenticateMessage message,
      byte[] sessionBaseKey) throws MalformedNtlmException {
    byte[] exportedKey = exportedSessionKey(message, sessionBaseKey);
    byte[] expected = NtlmCrypto.hmacMd5(
        exportedKey, negotiate, challenge.encode(), message.withMicZeroed());
    if (!MessageDigest.isEqual(expected, message.mic())) {
      return Optional.of("MIC does not match: the NTLM messages were altered or the session key "
          + "is wrong");
    }
    return Optional.empty();
  }

  /** KeyExchangeKey is the SessionBaseKey for NTLMv2; with KEY_EXCH the client chose its own. */
  static byte[] exportedSessionKey(AuthenticateMessage message, byte[] sessionBaseKey)
      throws MalformedNtlmException {
    if (!NtlmFlags.has(message.flags(), NtlmFlags.KEY_EXCH)) {
      return sessionBaseKey;
    }
    byte[] encrypted = message.encryptedRandomSessionKey();
    if (encrypted.length != 16) {
      throw new MalformedNtlmException("Expected a 16-byte EncryptedRandomSessionKey with "
          + "KEY_EXCH but got " + encrypted.length + " bytes");
    }
    return NtlmCrypto.rc4(sessionBaseKey, encrypted);
  }
}
