package io.github.proxyauth.internal.ntlm;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * MD4 (RFC 1320) with the JDK only: the NT hash needs it, and the JDK's providers do not offer it.
 * Used only for the NT password hash, never as a general-purpose digest.
 */
final class Md4 {
  private static final int[] ROUND2_ORDER = {0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15};
  private static final int[] ROUND3_ORDER = {0, 8, 4, 12, 2, 10, 6, 14, 1, 9, 5, 13, 3, 11, 7, 15};

  private Md4() {}

  /** Returns the 16-byte MD4 digest of {@code input}; clears its padded copy. */
  static byte[] digest(byte[] input) {
    int padded = ((input.length + 8) / 64 + 1) * 64;
    byte[] message = Arrays.copyOf(input, padded);
    message[input.length] = (byte) 0x80;
    ByteBuffer.wrap(message, padded - 8, 8).order(ByteOrder.LITTLE_ENDIAN)
        .putLong((long) input.length * 8);
    int[] state = {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476};
    int[] x = new int[16];
    ByteBuffer buffer = ByteBuffer.wrap(message).order(ByteOrder.LITTLE_ENDIAN);
    for (int block = 0; block < padded; block += 64) {
      for (int i = 0; i < 16; i++) {
        x[i] = buffer.getInt(block + 4 * i);
      }
      compress(state, x);
    }
    Arrays.fill(message, (byte) 0);
    Arrays.fill(x, 0);
    ByteBuffer out = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
    for (int word : state) {
      out.putInt(word);
    }
    return out.array();
  }

  private static void compress(int[] state, int[] x) {
    int a = state[0];
    int b = state[1];
    int c = state[2];
    int d = state[3];
    int[] shifts1 = {3, 7, 11, 19};
    int[] shifts2 = {3, 5, 9, 13};
    int[] shifts3 = {3, 9, 11, 15};
    for (int i = 0; i < 48; i++) {
      int round = i / 16;
      int k = round == 0 ? i : round == 1 ? ROUND2_ORDER[i % 16] : ROUND3_ORDER[i % 16];
      int f = round == 0 ? (b & c) | (~b & d)
          : round == 1 ? (b & c) | (b & d) | (c & d) : b ^ c ^ d;
      int constant = round == 0 ? 0 : round == 1 ? 0x5a827999 : 0x6ed9eba1;
      int shift = (round == 0 ? shifts1 : round == 1 ? shifts2 : shifts3)[i % 4];
      int rotated = Integer.rotateLeft(a + f + x[k] + constant, shift);
      a = d;
      d = c;
      c = b;
      b = rotated;
    }
    state[0] += a;
    state[1] += b;
    state[2] += c;
    state[3] += d;
  }
}
