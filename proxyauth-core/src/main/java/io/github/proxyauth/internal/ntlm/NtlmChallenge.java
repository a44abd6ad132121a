package io.github.proxyauth.internal.ntlm;

import io.github.proxyauth.ProxyAuthException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * A CHALLENGE_MESSAGE (Type 2, MS-NLMP §2.2.1.2) from the proxy, validated before any NTLM engine
 * sees it: the proxy is untrusted, so every length, offset and AV pair is checked here and a
 * hostile message becomes a {@link ProxyAuthException} that says what was wrong and where.
 *
 * @param raw the message as received (the MIC covers it)
 * @param flags the NegotiateFlags
 * @param serverChallenge the 8-byte server challenge
 * @param targetInfo the AV pairs, when the proxy sent them
 * @param hasTimestamp whether the AV pairs carry MsvAvTimestamp (then a MIC is sent)
 */
record NtlmChallenge(byte[] raw, int flags, byte[] serverChallenge, Optional<byte[]> targetInfo,
    boolean hasTimestamp) {

  /** Largest Type 2 accepted; real ones are a few hundred bytes. */
  static final int MAX_BYTES = 64 * 1024;
  static final int FLAG_UNICODE = 0x00000001;
  static final int FLAG_TARGET_INFO = 0x00800000;
  private static final byte[] SIGNATURE = "NTLMSSP\0".getBytes(StandardCharsets.US_ASCII);
  private static final int HEADER = 32;
  private static final int HEADER_WITH_TARGET_INFO = 48;
  private static final int AV_EOL = 0;
  private static final int AV_FLAGS = 6;
  private static final int AV_TIMESTAMP = 7;

  /** Decodes and validates the token68 of a {@code Proxy-Authenticate: NTLM <token>} from {@code proxy}. */
  static NtlmChallenge decode(String token68, String proxy) throws ProxyAuthException {
    int maxChars = (MAX_BYTES + 2) / 3 * 4;
    if (token68.length() > maxChars) {
      throw error(proxy, "token is " + token68.length() + " characters, more than the " + maxChars
          + " allowed (" + MAX_BYTES / 1024 + " KiB decoded)");
    }
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(token68);
    } catch (IllegalArgumentException e) {
      throw error(proxy, "token is not valid base64 (" + e.getMessage() + ")");
    }
    return parse(bytes, proxy);
  }

  /** Validates a decoded Type 2 message from {@code proxy}. */
  static NtlmChallenge parse(byte[] message, String proxy) throws ProxyAuthException {
    if (message.length < HEADER) {
      throw error(proxy, "Type 2 message is " + message.length + " bytes, shorter than the "
          + HEADER + "-byte header");
    }
    if (!Arrays.equals(message, 0, 8, SIGNATURE, 0, 8)) {
      throw error(proxy, "expected signature 'NTLMSSP\\0', saw hex " + hex(message, 0, 8));
    }
    long type = u32(message, 8);
    if (type != 2) {
      throw error(proxy, "expected message type 2 (CHALLENGE), saw " + type);
    }
    field(message, 12, "target name", proxy);
    int flags = (int) u32(message, 20);
    byte[] challenge = Arrays.copyOfRange(message, 24, 32);
    Optional<byte[]> targetInfo = targetInfo(message, flags, proxy);
    boolean timestamp = targetInfo.isPresent() && checkAvPairs(targetInfo.get(), proxy);
    return new NtlmChallenge(message.clone(), flags, challenge, targetInfo, timestamp);
  }

  private static Optional<byte[]> targetInfo(byte[] message, int flags, String proxy)
      throws ProxyAuthException {
    if ((flags & FLAG_TARGET_INFO) == 0) {
      return Optional.empty();
    }
    if (message.length < HEADER_WITH_TARGET_INFO) {
      throw error(proxy, "flags announce target info but the message is " + message.length
          + " bytes, shorter than the " + HEADER_WITH_TARGET_INFO + "-byte header that holds it");
    }
    byte[] info = field(message, 40, "target info", proxy);
    return info.length == 0 ? Optional.empty() : Optional.of(info);
  }

  /** Reads the security buffer (length, max length, offset) at {@code at}, checking its bounds. */
  private static byte[] field(byte[] message, int at, String name, String proxy)
      throws ProxyAuthException {
    int length = u16(message, at);
    long offset = u32(message, at + 4);
    if (length == 0) {
      return new byte[0];
    }
    if (offset > message.length || offset + length > message.length) {
      throw error(proxy, name + " offset " + offset + " length " + length
          + " beyond message length " + message.length);
    }
    return Arrays.copyOfRange(message, (int) offset, (int) offset + length);
  }

  /** Walks the AV pairs (MS-NLMP §2.2.2.1); returns whether MsvAvTimestamp is present. */
  private static boolean checkAvPairs(byte[] info, String proxy) throws ProxyAuthException {
    boolean timestamp = false;
    int pos = 0;
    while (true) {
      if (pos + 4 > info.length) {
        throw error(proxy, "target info ends at byte " + info.length
            + " without the MsvAvEOL terminator");
      }
      int id = u16(info, pos);
      int length = u16(info, pos + 2);
      if (pos + 4 + length > info.length) {
        throw error(proxy, "AV pair " + id + " at target info offset " + pos + " has length "
            + length + " beyond target info length " + info.length);
      }
      if (id == AV_EOL) {
        expectLength(id, length, 0, proxy);
        return timestamp;
      }
      if (id == AV_FLAGS) {
        expectLength(id, length, 4, proxy);
      } else if (id == AV_TIMESTAMP) {
        expectLength(id, length, 8, proxy);
        timestamp = true;
      }
      pos += 4 + length;
    }
  }

  private static void expectLength(int id, int length, int expected, String proxy)
      throws ProxyAuthException {
    if (length != expected) {
      throw error(proxy, "AV pair " + id + " must be " + expected + " bytes long, is " + length);
    }
  }

  boolean unicode() {
    return (flags & FLAG_UNICODE) != 0;
  }

  @Override
  public String toString() {
    return "NtlmChallenge[flags=0x" + Integer.toHexString(flags) + ", bytes=" + raw.length
        + ", timestamp=" + hasTimestamp + "]";
  }

  static ProxyAuthException error(String proxy, String what) {
    return new ProxyAuthException("NTLM challenge from proxy " + proxy + ": " + what);
  }

  private static int u16(byte[] b, int at) {
    return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
  }

  private static long u32(byte[] b, int at) {
    return (u16(b, at) | (long) u16(b, at + 2) << 16);
  }

  private static String hex(byte[] b, int from, int to) {
    StringBuilder out = new StringBuilder();
    for (int i = from; i < to; i++) {
      out.append(String.format("%02x", b[i]));
    }
    return out.toString();
  }
}
