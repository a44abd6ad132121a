package io.github.proxyauth.testkit.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The Digest computations of RFC 7616 §3.4.1-§3.4.4, as pure functions over UTF-8 strings. */
public final class DigestMath {
  /** The algorithm names of RFC 7616 §3.3 / IANA, as a proxy announces them. */
  public static final List<String> ALGORITHMS = List.of(
      "MD5", "MD5-sess", "SHA-256", "SHA-256-sess", "SHA-512-256", "SHA-512-256-sess");

  private DigestMath() {}

  /** Returns the canonical spelling of {@code algorithm} (case-insensitive), or empty. */
  public static Optional<String> canonical(String algorithm) {
    return ALGORITHMS.stream().filter(a -> a.equalsIgnoreCase(algorithm)).findFirst();
  }

  /** Returns the lower-case hex hash of {@code data} with the hash of {@code algorithm}. */
  public static String hash(String algorithm, byte[] data) {
    String base = algorithm.toUpperCase(Locale.ROOT).replace("-SESS", "");
    String jdkName = base.equals("SHA-512-256") ? "SHA-512/256" : base;
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance(jdkName).digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalArgumentException("Expected one of " + ALGORITHMS + ", got " + algorithm, e);
    }
  }

  static String hash(String algorithm, String data) {
    return hash(algorithm, data.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Returns the {@code response} value (RFC 7616 §3.4.1). {@code qop} empty means the RFC 2069
   * form without nc and cnonce; {@code bodyHash} is used only for {@code auth-int}.
   */
  public static String response(Input in) {
    return response(in, baseHa1(in.algorithm(), in.user(), in.realm(), in.password()));
  }

  /** Returns H(user ":" realm ":" password), the part of HA1 that no request changes. */
  static String baseHa1(String algorithm, String user, String realm, String password) {
    return hash(algorithm, user + ":" + realm + ":" + password);
  }

  /** Returns the {@code response} value from a {@link #baseHa1} computed before. */
  static String response(Input in, String baseHa1) {
    String a = in.algorithm();
    String ha1 = baseHa1;
    if (a.toLowerCase(Locale.ROOT).endsWith("-sess")) {
      ha1 = hash(a, ha1 + ":" + in.nonce() + ":" + in.cnonce());
    }
    String a2 = in.method() + ":" + in.uri();
    if (in.qop().equals("auth-int")) {
      a2 = a2 + ":" + in.bodyHash();
    }
    String ha2 = hash(a, a2);
    if (in.qop().isEmpty()) {
      return hash(a, ha1 + ":" + in.nonce() + ":" + ha2);
    }
    return hash(a, String.join(":", ha1, in.nonce(), in.nc(), in.cnonce(), in.qop(), ha2));
  }

  /** Returns the hashed user name of RFC 7616 §3.4.4: H(user ":" realm). */
  public static String userhash(String algorithm, String user, String realm) {
    return hash(algorithm, user + ":" + realm);
  }

  /** The inputs of one response computation; {@code qop} is "", "auth" or "auth-int". */
  public record Input(
      String algorithm,
      String user,
      String realm,
      String password,
      String nonce,
      String nc,
      String cnonce,
      String qop,
      String method,
      String uri,
      String bodyHash) {

    /** Returns a summary without the password. */
    @Override
    public String toString() {
      return "Input[" + algorithm + ", user=" + user + ", realm=" + realm + ", uri=" + uri + "]";
    }
  }
}
