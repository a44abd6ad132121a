package io.github.proxyauth.testkit.internal.ntlm;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * A CHALLENGE_MESSAGE (Type 2, MS-NLMP §2.2.1.2) as the test proxy sends it.
 *
 * @param flags the NegotiateFlags the server chose
 * @param serverChallenge the 8-byte nonce
 * @param targetName the encoded TargetName (UTF-16LE or OEM, per {@code flags})
 * @param targetInfo the encoded AV pairs, ending with MsvAvEOL
 * @param version the 8-byte VERSION structure
 */
public record ChallengeMessage(
    int flags, byte[] serverChallenge, byte[] targetName, byte[] targetInfo, byte[] version) {
  /** Windows 6.0 build 6000, NTLMSSP revision 15: what MS-NLMP §4.2.4.3 shows. */
  public static final byte[] DEFAULT_VERSION = {6, 0, 0x70, 0x17, 0, 0, 0, 0x0f};

  private static final int HEADER = 56;
  /** Flags the server echoes when the client asks for them. */
  private static final int ECHOED = NtlmFlags.SIGN | NtlmFlags.ALWAYS_SIGN
      | NtlmFlags.EXTENDED_SESSIONSECURITY | NtlmFlags.NEGOTIATE_128 | NtlmFlags.NEGOTIATE_56
      | NtlmFlags.KEY_EXCH | NtlmFlags.REQUEST_TARGET;

  /**
   * Returns the challenge the proxy answers {@code negotiate} with: the client's charset choice
   * (Unicode preferred), the flags above that the client asked for, the domain as target name, and
   * target info with NetBIOS and DNS names and MsvAvTimestamp.
   *
   * @param filetime the MsvAvTimestamp, in 100 ns units since 1601-01-01 UTC
   */
  public static ChallengeMessage answer(
      NegotiateMessage negotiate, String domain, String computer, byte[] serverChallenge,
      long filetime) {
    int client = negotiate.flags();
    boolean unicode = NtlmFlags.has(client, NtlmFlags.UNICODE) || !NtlmFlags.has(client,
        NtlmFlags.OEM);
    int flags = (client & ECHOED) | NtlmFlags.NTLM | NtlmFlags.TARGET_TYPE_DOMAIN
        | NtlmFlags.TARGET_INFO | NtlmFlags.VERSION
        | (unicode ? NtlmFlags.UNICODE : NtlmFlags.OEM);
    Charset charset = unicode ? StandardCharsets.UTF_16LE : StandardCharsets.ISO_8859_1;
    byte[] timestamp = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(filetime)
        .array();
    byte[] info = AvPairs.encode(List.of(
        utf16(AvPairs.NB_DOMAIN_NAME, domain.toUpperCase(Locale.ROOT)),
        utf16(AvPairs.NB_COMPUTER_NAME, computer.toUpperCase(Locale.ROOT)),
        utf16(AvPairs.DNS_DOMAIN_NAME, domain.toLowerCase(Locale.ROOT)),
        utf16(AvPairs.DNS_COMPUTER_NAME, computer.toLowerCase(Locale.ROOT)),
        new AvPairs.AvPair(AvPairs.TIMESTAMP, timestamp)));
    return new ChallengeMessage(flags, serverChallenge.clone(), domain.getBytes(charset), info,
        DEFAULT_VERSION.clone());
  }

  /** Returns the message bytes: fixed header, Version, TargetName, then TargetInfo. */
  public byte[] encode() {
    int length = HEADER + targetName.length + targetInfo.length;
    ByteBuffer out = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
    out.put("NTLMSSP\0".getBytes(StandardCharsets.US_ASCII)).putInt(2);
    putBuffer(out, targetName.length, HEADER);
    out.putInt(flags).put(serverChallenge).putLong(0);
    putBuffer(out, targetInfo.length, HEADER + targetName.length);
    out.put(version).put(targetName).put(targetInfo);
    return out.array();
  }

  private static void putBuffer(ByteBuffer out, int length, int offset) {
    out.putShort((short) length).putShort((short) length).putInt(offset);
  }

  private static AvPairs.AvPair utf16(int id, String value) {
    return new AvPairs.AvPair(id, value.getBytes(StandardCharsets.UTF_16LE));
  }
}
