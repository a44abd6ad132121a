package io.github.proxyauth.internal.digest;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The RFC 7616 §3.2 algorithms, with their rank (higher is stronger; -sess equals its base). */
enum DigestAlgorithm {
  MD5("MD5", "MD5", 1),
  MD5_SESS("MD5-sess", "MD5", 1),
  SHA_256("SHA-256", "SHA-256", 2),
  SHA_256_SESS("SHA-256-sess", "SHA-256", 2),
  SHA_512_256("SHA-512-256", "SHA-512/256", 3),
  SHA_512_256_SESS("SHA-512-256-sess", "SHA-512/256", 3);

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private final String token;
  private final String jdkName;
  private final int rank;

  DigestAlgorithm(String token, String jdkName, int rank) {
    this.token = token;
    this.jdkName = jdkName;
    this.rank = rank;
  }

  /** Returns the algorithm named {@code token} (case-insensitive), or empty when unsupported. */
  static Optional<DigestAlgorithm> of(String token) {
    String lower = token.toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(a -> a.token.toLowerCase(Locale.ROOT).equals(lower))
        .findFirst();
  }

  /** Returns the supported algorithm names, for error messages. */
  static String supported() {
    return Arrays.stream(values()).map(a -> a.token).collect(Collectors.joining(", "));
  }

  String token() {
    return token;
  }

  int rank() {
    return rank;
  }

  boolean session() {
    return name().endsWith("_SESS");
  }

  /** Returns H(data) as lower-case hex (RFC 7616 §3.4.1). */
  String hex(byte[] data) {
    byte[] hash = newDigest().digest(data);
    char[] out = new char[hash.length * 2];
    for (int i = 0; i < hash.length; i++) {
      out[2 * i] = HEX[(hash[i] >> 4) & 0xF];
      out[2 * i + 1] = HEX[hash[i] & 0xF];
    }
    return new String(out);
  }

  private MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance(jdkName);
    } catch (NoSuchAlgorithmException e) {
      // The JDK's SUN provider has all three; a runtime stripped of them cannot do Digest.
      throw new IllegalStateException("the JDK lacks " + jdkName, e);
    }
  }
}
