package io.github.proxyauth.testkit.internal.ntlm;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * MD4 (RFC 1320). The JDK ships no MD4 provider, and NTLM's NT hash needs it. Stateless and
 * thread-safe.
 */
final class Md4 {
  private static final int[] S1 = {3, 7, 11, 19};
  private static final int[] S2 = {3, 5, 9, 13};
  private static final int[] S3 = {3, 9, 11, 15};
  private static final int[] ORDER3 = {0, 8, 4, 12, 2, 10, 6, 14, 1, 9, 5, 13, 3, 11, 7, 15};

  private Md4() {}

  /** Returns the 16-byte MD4 digest of {@code input}. */
  public static byte[] digest(byte[] input) {
    int[] state = {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476};
    ByteBuffer padded = pad(input);
    int[] block = new int[16];
    while (padded.hasRemaining()) {
      for (int i = 0; i < 16; i++) {
        block[i] = padded.getInt();
      }
      compress(state, block);
    }
    ByteBuffer out = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
    for (int word : state) {
      out.putInt(word);
    }
    return out.array();
  }

  private static ByteBuffer pad(byte[] input) {
    int total = ((input.length + 8) / 64 + 1) * 64;
    ByteBuffer buffer = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
    buffer.put(input).put((byte) 0x80);
    buffer.putLong(total - 8, (long) input.length * 8);
    buffer.position(0);
    return buffer;
  }

  private static void compress(int[] state, int[] x) {
    int a = state[0];
    int b = state[1];
    int c = state[2];
    int d = state[3];
    for (int i = 0; i < 16; i++) {
      int f = (b & c) | (~b & d);
      int t = Integer.rotateLeft(a + f + x[i], S1[i % 4]);
      a = d; d = c; c = b; b = t;
    }
    for (int i = 0; i < 16; i++) {
      int g = (b & c) | (b & d) | (c & d);
      int k = (i % 4) * 4 + i / 4;
      int t = Integer.rotateLeft(a + g + x[k] + 0x5a827999, S2[i % 4]);
      a = d; d = c; c = b; b = t;
    }
    for (int i = 0; i < 16; i++) {
      int h = b ^ c ^ d;
      int t = Integer.rotateLeft(a + h + x[ORDER3[i]] + 0x6ed9eba1, S3[i % 4]);
      a = d; d = c; c = b; b = t;
    }
    state[0] += a;
    state[1] += b;
    state[2] += c;
    state[3] += d;
  }
}
