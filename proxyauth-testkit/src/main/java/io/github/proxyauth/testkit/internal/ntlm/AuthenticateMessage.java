package io.github.proxyauth.testkit.internal.ntlm;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An AUTHENTICATE_MESSAGE (Type 3, MS-NLMP §2.2.1.3) as the client sent it.
 *
 * @param raw the whole message, needed for the MIC
 * @param flags the NegotiateFlags the client settled on
 * @param lmResponse LmChallengeResponse
 * @param ntResponse NtChallengeResponse (24 bytes for NTLMv1, NTProofStr + blob for NTLMv2)
 * @param domain DomainName, decoded per the UNICODE flag (OEM is read as ISO-8859-1)
 * @param user UserName, decoded the same way
 * @param workstation Workstation, decoded the same way
 * @param encryptedRandomSessionKey EncryptedRandomSessionKey, empty when absent
 */
public record AuthenticateMessage(
    byte[] raw, int flags, byte[] lmResponse, byte[] ntResponse, String domain, String user,
    String workstation, byte[] encryptedRandomSessionKey) {
  /** Where the MIC sits when present: after the 64-byte header and the 8-byte Version. */
  public static final int MIC_OFFSET = 72;
  /** The MIC's length. */
  public static final int MIC_LENGTH = 16;

  private static final int MAX_NAME_BYTES = 1024;

  /**
   * Returns the parsed message. Every security buffer must lie inside the message.
   *
   * @throws MalformedNtlmException when the message is truncated, a field points outside it, or
   *     a name is longer than 1024 bytes
   */
  public static AuthenticateMessage parse(byte[] message) throws MalformedNtlmException {
    NtlmReader reader = NtlmReader.open(message, 3, 64, "AUTHENTICATE_MESSAGE (Type 3)");
    int flags = reader.u32(60);
    Charset charset = NtlmFlags.has(flags, NtlmFlags.UNICODE)
        ? StandardCharsets.UTF_16LE : StandardCharsets.ISO_8859_1;
    return new AuthenticateMessage(
        message.clone(), flags,
        reader.buffer(12, "LmChallengeResponse"),
        reader.buffer(20, "NtChallengeResponse"),
        name(reader.buffer(28, "DomainName"), "DomainName", charset),
        name(reader.buffer(36, "UserName"), "UserName", charset),
        name(reader.buffer(44, "Workstation"), "Workstation", charset),
        reader.buffer(52, "EncryptedRandomSessionKey"));
  }

  /**
   * Returns the message with its MIC field zeroed, as the MIC is computed over it.
   *
   * @throws MalformedNtlmException when a payload field overlaps the MIC field
   */
  public byte[] withMicZeroed() throws MalformedNtlmException {
    NtlmReader reader = NtlmReader.open(raw, 3, MIC_OFFSET + MIC_LENGTH,
        "AUTHENTICATE_MESSAGE (Type 3) with a MIC");
    for (int field = 12; field <= 52; field += 8) {
      if (reader.bufferStart(field) < MIC_OFFSET + MIC_LENGTH) {
        throw new MalformedNtlmException(
            "Expected the payload to start after the MIC (offset " + (MIC_OFFSET + MIC_LENGTH)
                + ") but the field at header offset " + field + " starts at "
                + reader.bufferStart(field));
      }
    }
    byte[] copy = raw.clone();
    Arrays.fill(copy, MIC_OFFSET, MIC_OFFSET + MIC_LENGTH, (byte) 0);
    return copy;
  }

  /** Returns the MIC field; call only after {@link #withMicZeroed()} succeeded. */
  public byte[] mic() {
    return Arrays.copyOfRange(raw, MIC_OFFSET, MIC_OFFSET + MIC_LENGTH);
  }

  /** Returns the user name and domain only: responses and keys stay out of logs. */
  @Override
  public String toString() {
    return "AuthenticateMessage[user=" + user + ", domain=" + domain + ", workstation="
        + workstation + ", flags=0x" + Integer.toHexString(flags) + "]";
  }

  private static String name(byte[] bytes, String field, Charset charset)
      throws MalformedNtlmException {
    if (bytes.length > MAX_NAME_BYTES) {
      throw new MalformedNtlmException(
          "Expected a " + field + " of at most " + MAX_NAME_BYTES + " bytes but got "
              + bytes.length);
    }
    return new String(bytes, charset);
  }
}
