package io.github.proxyauth.internal.ntlm;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Builds CHALLENGE_MESSAGEs for tests, the way a proxy would. */
final class Type2s {
  static final int FLAGS = 0xe28a8235 | NtlmChallenge.FLAG_TARGET_INFO;

  private Type2s() {}

  /** Returns AV pairs: NetBIOS domain, NetBIOS computer, then a timestamp when non-negative. */
  static byte[] targetInfo(String domain, String computer, long filetime) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    pair(out, 2, domain.getBytes(StandardCharsets.UTF_16LE));
    pair(out, 1, computer.getBytes(StandardCharsets.UTF_16LE));
    if (filetime >= 0) {
      pair(out, 7, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(filetime).array());
    }
    pair(out, 0, new byte[0]);
    return out.toByteArray();
  }

  /** Returns a Type 2 with target name "DOMAIN", {@code challenge} and {@code targetInfo}. */
  static byte[] message(int flags, byte[] challenge, byte[] targetInfo) {
    byte[] target = "DOMAIN".getBytes(StandardCharsets.UTF_16LE);
    ByteBuffer b = ByteBuffer.allocate(56 + target.length + targetInfo.length)
        .order(ByteOrder.LITTLE_ENDIAN);
    b.put("NTLMSSP\0".getBytes(StandardCharsets.US_ASCII)).putInt(2);
    b.putShort((short) target.length).putShort((short) target.length).putInt(56);
    b.putInt(flags).put(challenge).putLong(0);
    b.putShort((short) targetInfo.length).putShort((short) targetInfo.length)
        .putInt(56 + target.length);
    b.put(new byte[] {6, 1, (byte) 0xb1, 0x1d, 0, 0, 0, 15}); // version 6.1.7601, NTLM rev 15
    b.put(target).put(targetInfo);
    return b.array();
  }

  private static void pair(ByteArrayOutputStream out, int id, byte[] value) {
    out.write(id);
    out.write(id >> 8);
    out.write(value.length);
    out.write(value.length >> 8);
    out.writeBytes(value);
  }
}
