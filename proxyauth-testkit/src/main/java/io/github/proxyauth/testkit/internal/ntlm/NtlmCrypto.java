package io.github.proxyauth.testkit.internal.ntlm;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Locale;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The NTLMv2 computations of MS-NLMP §3.3.2 and §3.4.4.2, on JDK primitives plus {@link Md4}. */
final class NtlmCrypto {
  private NtlmCrypto() {}

  /** Returns NTOWFv1 = MD4(UTF-16LE(password)). */
  public static byte[] ntowfv1(String password) {
    return Md4.digest(password.getBytes(StandardCharsets.UTF_16LE));
  }

  /**
   * Returns NTOWFv2 = HMAC_MD5(MD4(UTF-16LE(password)), UTF-16LE(UPPER(user) + domain)). The user
   * is upper-cased with {@link Locale#ROOT} (a default-locale upper-case breaks under tr-TR); the
   * domain is used exactly as the client sent it.
   */
  public static byte[] ntowfv2(String password, String user, String domain) {
    String identity = user.toUpperCase(Locale.ROOT) + domain;
    return hmacMd5(ntowfv1(password), identity.getBytes(StandardCharsets.UTF_16LE));
  }

  /** Returns NTProofStr = HMAC_MD5(ResponseKeyNT, ServerChallenge || temp). */
  public static byte[] ntProofStr(byte[] responseKeyNt, byte[] serverChallenge, byte[] temp) {
    return hmacMd5(responseKeyNt, serverChallenge, temp);
  }

  /** Returns HMAC-MD5 under {@code key} over the concatenation of {@code parts}. */
  public static byte[] hmacMd5(byte[] key, byte[]... parts) {
    try {
      Mac mac = Mac.getInstance("HmacMD5");
      mac.init(new SecretKeySpec(key, "HmacMD5"));
      for (byte[] part : parts) {
        mac.update(part);
      }
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacMD5 is required of every JDK but is missing", e);
    }
  }

  /** Returns RC4 under {@code key} applied to {@code data} (encryption and decryption agree). */
  public static byte[] rc4(byte[] key, byte[] data) {
    try {
      Cipher cipher = Cipher.getInstance("ARCFOUR");
      cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "ARCFOUR"));
      return cipher.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ARCFOUR (RC4) is missing from this JDK", e);
    }
  }
}
