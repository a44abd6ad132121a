package io.github.proxyauth.it.squid;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Apache's {@code $apr1$} MD5 crypt, the format {@code htpasswd -m} writes and Squid's {@code
 * basic_ncsa_auth} accepts, so the suite needs neither htpasswd nor openssl. Stateless.
 */
final class Apr1Crypt {
  private static final String MAGIC = "$apr1$";
  private static final String ITOA64 =
      "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

  private Apr1Crypt() {}

  /** Returns the {@code $apr1$salt$hash} line value for {@code password} (UTF-8) and {@code salt}. */
  static String hash(String password, String salt) {
    if (salt.isEmpty() || salt.length() > 8 || salt.chars().anyMatch(c -> ITOA64.indexOf(c) < 0)) {
      throw new IllegalArgumentException("Expected 1 to 8 salt characters from [./0-9A-Za-z] but got '"
          + salt + "'");
    }
    byte[] pw = password.getBytes(StandardCharsets.UTF_8);
    byte[] s = salt.getBytes(StandardCharsets.US_ASCII);
    byte[] digest = stretch(pw, s, initial(pw, s));
    return MAGIC + salt + "$" + encode(digest);
  }

  private static byte[] initial(byte[] pw, byte[] salt) {
    byte[] alternate = md5(pw, salt, pw);
    ByteArrayOutputStream ctx = new ByteArrayOutputStream();
    ctx.writeBytes(pw);
    ctx.writeBytes(MAGIC.getBytes(StandardCharsets.US_ASCII));
    ctx.writeBytes(salt);
    for (int left = pw.length; left > 0; left -= 16) {
      ctx.write(alternate, 0, Math.min(left, 16));
    }
    for (int i = pw.length; i != 0; i >>>= 1) {
      ctx.write((i & 1) != 0 ? 0 : (pw.length == 0 ? 0 : pw[0]));
    }
    return md5(ctx.toByteArray());
  }

  private static byte[] stretch(byte[] pw, byte[] salt, byte[] start) {
    byte[] digest = start;
    for (int i = 0; i < 1000; i++) {
      ByteArrayOutputStream ctx = new ByteArrayOutputStream();
      ctx.writeBytes((i & 1) != 0 ? pw : digest);
      if (i % 3 != 0) {
        ctx.writeBytes(salt);
      }
      if (i % 7 != 0) {
        ctx.writeBytes(pw);
      }
      ctx.writeBytes((i & 1) != 0 ? digest : pw);
      digest = md5(ctx.toByteArray());
    }
    return digest;
  }

  private static String encode(byte[] f) {
    StringBuilder out = new StringBuilder();
    int[][] groups = {{0, 6, 12}, {1, 7, 13}, {2, 8, 14}, {3, 9, 15}, {4, 10, 5}};
    for (int[] g : groups) {
      to64(out, (f[g[0]] & 0xff) << 16 | (f[g[1]] & 0xff) << 8 | (f[g[2]] & 0xff), 4);
    }
    to64(out, f[11] & 0xff, 2);
    return out.toString();
  }

  private static void to64(StringBuilder out, int value, int chars) {
    for (int i = 0, v = value; i < chars; i++, v >>>= 6) {
      out.append(ITOA64.charAt(v & 0x3f));
    }
  }

  private static byte[] md5(byte[]... parts) {
    try {
      MessageDigest md5 = MessageDigest.getInstance("MD5");
      for (byte[] part : parts) {
        md5.update(part);
      }
      return md5.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is required by every Java platform", e);
    }
  }
}
