package io.github.proxyauth.internal.ntlm;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.MD4Digest;

/**
 * An independent reading of MS-NLMP for tests: parses an AUTHENTICATE_MESSAGE and recomputes its
 * NTLMv2 proof, session key and MIC from the password with Bouncy Castle's MD4 and the JDK's
 * HMAC-MD5 and RC4. Shares no code with the scheme under test.
 */
final class NtlmOracle {
  static final HexFormat HEX = HexFormat.of();
  static final int KEY_EXCH = 0x40000000;

  private NtlmOracle() {}

  /** The fields of a Type 3 message. */
  record Type3(byte[] raw, int flags, byte[] lm, byte[] nt, String domain, String user,
      String workstation, byte[] encryptedKey, byte[] mic) {

    byte[] ntProofStr() {
      return Arrays.copyOf(nt, 16);
    }

    byte[] blob() {
      return Arrays.copyOfRange(nt, 16, nt.length);
    }

    byte[] clientChallenge() {
      return Arrays.copyOfRange(nt, 32, 40);
    }

    byte[] withZeroMic() {
      byte[] copy = raw.clone();
      Arrays.fill(copy, 72, 88, (byte) 0);
      return copy;
    }
  }

  static Type3 parseType3(byte[] m) {
    if (!new String(m, 0, 8, StandardCharsets.US_ASCII).equals("NTLMSSP\0") || u32(m, 8) != 3) {
      throw new AssertionError("not an NTLM Type 3 message");
    }
    int flags = u32(m, 60);
    boolean unicode = (flags & 1) != 0;
    return new Type3(m, flags, field(m, 12), field(m, 20), text(m, 28, unicode),
        text(m, 36, unicode), text(m, 44, unicode), field(m, 52),
        Arrays.copyOfRange(m, 72, 88));
  }

  static byte[] ntHash(String password) {
    byte[] in = password.getBytes(StandardCharsets.UTF_16LE);
    MD4Digest md4 = new MD4Digest();
    md4.update(in, 0, in.length);
    byte[] out = new byte[16];
    md4.doFinal(out, 0);
    return out;
  }

  /** NTOWFv2 (MS-NLMP §3.3.2): the user is upper-cased, the domain is not. */
  static byte[] ntowfv2(String password, String user, String domain) {
    return hmac(ntHash(password), (user.toUpperCase(Locale.ROOT) + domain)
        .getBytes(StandardCharsets.UTF_16LE));
  }

  /** Returns NTProofStr = HMAC_MD5(NTOWFv2, ServerChallenge ‖ blob). */
  static byte[] ntProofStr(byte[] ntowfv2, byte[] serverChallenge, byte[] blob) {
    return hmac(ntowfv2, concat(serverChallenge, blob));
  }

  /** Returns the exported session key of {@code type3}, given the NTOWFv2 of its user. */
  static byte[] exportedKey(Type3 type3, byte[] ntowfv2) throws Exception {
    byte[] sessionBaseKey = hmac(ntowfv2, type3.ntProofStr());
    if ((type3.flags() & KEY_EXCH) == 0) {
      return sessionBaseKey;
    }
    Cipher rc4 = Cipher.getInstance("ARCFOUR");
    rc4.init(Cipher.DECRYPT_MODE, new SecretKeySpec(sessionBaseKey, "ARCFOUR"));
    return rc4.doFinal(type3.encryptedKey());
  }

  /** Returns MIC = HMAC_MD5(ExportedSessionKey, T1 ‖ T2 ‖ T3 with a zero MIC). */
  static byte[] mic(byte[] exportedKey, byte[] type1, byte[] type2, Type3 type3) {
    return hmac(exportedKey, concat(concat(type1, type2), type3.withZeroMic()));
  }

  /** Returns the value of AV pair {@code id} in a blob's AV pairs, or null. */
  static byte[] avPair(byte[] blob, int id) {
    int pos = 28;
    while (pos + 4 <= blob.length) {
      int avId = u16(blob, pos);
      int len = u16(blob, pos + 2);
      if (avId == id) {
        return Arrays.copyOfRange(blob, pos + 4, pos + 4 + len);
      }
      if (avId == 0) {
        return null;
      }
      pos += 4 + len;
    }
    return null;
  }

  static byte[] hmac(byte[] key, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacMD5");
      mac.init(new SecretKeySpec(key, "HmacMD5"));
      return mac.doFinal(data);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static byte[] field(byte[] m, int at) {
    int len = u16(m, at);
    int off = u32(m, at + 4);
    return Arrays.copyOfRange(m, off, off + len);
  }

  private static String text(byte[] m, int at, boolean unicode) {
    return new String(field(m, at), unicode ? StandardCharsets.UTF_16LE : StandardCharsets.US_ASCII);
  }

  static int u16(byte[] b, int at) {
    return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
  }

  static int u32(byte[] b, int at) {
    return u16(b, at) | u16(b, at + 2) << 16;
  }
}
