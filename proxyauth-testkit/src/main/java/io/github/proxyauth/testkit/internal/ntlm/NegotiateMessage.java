package io.github.proxyauth.testkit.internal.ntlm;

/**
 * A NEGOTIATE_MESSAGE (Type 1, MS-NLMP §2.2.1.1). The proxy only needs the client's flags; the
 * optional domain and workstation fields are ignored.
 *
 * @param flags the client's NegotiateFlags
 */
public record NegotiateMessage(int flags) {

  /**
   * Returns the parsed message.
   *
   * @throws MalformedNtlmException when the bytes are not a NEGOTIATE_MESSAGE of at least 16 bytes
   */
  public static NegotiateMessage parse(byte[] message) throws MalformedNtlmException {
    NtlmReader reader = NtlmReader.open(message, 1, 16, "NEGOTIATE_MESSAGE (Type 1)");
    return new NegotiateMessage(reader.u32(12));
  }
}
