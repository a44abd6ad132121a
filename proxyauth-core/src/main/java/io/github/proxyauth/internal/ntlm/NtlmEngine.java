package io.github.proxyauth.internal.ntlm;

import io.github.proxyauth.Credentials;
import io.github.proxyauth.ProxyAuthException;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Builds NTLM messages (MS-NLMP): the seam between the scheme and the library that does the
 * crypto, so jcifs-ng can be replaced. Implementations are stateless and thread-safe, and answer
 * with NTLMv2 only (never LM or NTLMv1).
 */
interface NtlmEngine {

  /** Returns a NEGOTIATE_MESSAGE (Type 1) asking for NTLMv2 with extended session security. */
  byte[] negotiate() throws ProxyAuthException;

  /**
   * Returns the AUTHENTICATE_MESSAGE (Type 3) answering {@code challenge}, which answered
   * {@code negotiate}.
   *
   * @param targetName the SPN sent as MsvAvTargetName, for example {@code HTTP/proxy.example.com}
   * @param workstation the workstation name to send; empty sends none
   * @param random the source of the client challenge and the exported session key
   */
  byte[] authenticate(byte[] negotiate, NtlmChallenge challenge, Credentials credentials,
      String targetName, Optional<String> workstation, RandomGenerator random)
      throws ProxyAuthException;
}
