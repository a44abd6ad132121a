package io.github.proxyauth.internal.digest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.proxyauth.ProxyAuthException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DigestComputeTest {
  // RFC 7616 §3.9.1
  static final String USER = "Mufasa";
  static final String PASSWORD = "Circle of Life";
  static final String REALM = "http-auth@example.org";
  static final String NONCE = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
  static final String CNONCE = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";
  static final String URI = "/dir/index.html";

  @Test
  void matchesRfc7616Md5Example() throws Exception {
    assertThat(DigestCompute.response(input(DigestAlgorithm.MD5, Optional.of("auth")),
        PASSWORD.toCharArray())).isEqualTo("8ca523f5e9506fed4657c9700eebdbec");
  }

  @Test
  void matchesRfc7616Sha256Example() throws Exception {
    assertThat(DigestCompute.response(input(DigestAlgorithm.SHA_256, Optional.of("auth")),
        PASSWORD.toCharArray()))
        .isEqualTo("753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
  }

  @Test
  void matchesIndependentSha512256Computation() throws Exception {
    // The RFC's §3.9.2 SHA-512-256 example has a published erratum; compute it here instead.
    String ha1 = h("SHA-512/256", USER + ":" + REALM + ":" + PASSWORD);
    String ha2 = h("SHA-512/256", "GET:" + URI);
    String expected = h("SHA-512/256", ha1 + ":" + NONCE + ":00000001:" + CNONCE + ":auth:" + ha2);

    assertThat(DigestCompute.response(input(DigestAlgorithm.SHA_512_256, Optional.of("auth")),
        PASSWORD.toCharArray())).isEqualTo(expected).hasSize(64);
  }

  @Test
  void sessionAlgorithmRehashesHa1WithNonceAndCnonce() throws Exception {
    String ha1 = h("SHA-256", h("SHA-256", USER + ":" + REALM + ":" + PASSWORD) + ":" + NONCE
        + ":" + CNONCE);
    String ha2 = h("SHA-256", "GET:" + URI);
    String expected = h("SHA-256", ha1 + ":" + NONCE + ":00000001:" + CNONCE + ":auth:" + ha2);

    assertThat(DigestCompute.response(input(DigestAlgorithm.SHA_256_SESS, Optional.of("auth")),
        PASSWORD.toCharArray())).isEqualTo(expected);
  }

  @Test
  void authIntHashesAnEmptyBody() throws Exception {
    String ha1 = h("MD5", USER + ":" + REALM + ":" + PASSWORD);
    String ha2 = h("MD5", "GET:" + URI + ":" + h("MD5", ""));
    String expected = h("MD5", ha1 + ":" + NONCE + ":00000001:" + CNONCE + ":auth-int:" + ha2);

    assertThat(DigestCompute.response(input(DigestAlgorithm.MD5, Optional.of("auth-int")),
        PASSWORD.toCharArray())).isEqualTo(expected);
  }

  @Test
  void answersInRfc2069FormWithoutQop() throws Exception {
    String ha1 = h("MD5", USER + ":" + REALM + ":" + PASSWORD);
    String expected = h("MD5", ha1 + ":" + NONCE + ":" + h("MD5", "GET:" + URI));

    assertThat(DigestCompute.response(input(DigestAlgorithm.MD5, Optional.empty()),
        PASSWORD.toCharArray())).isEqualTo(expected);
  }

  @Test
  void hashesUserAndRealmForUserhash() throws Exception {
    assertThat(DigestCompute.userhash(DigestAlgorithm.SHA_256, StandardCharsets.UTF_8, USER, REALM))
        .isEqualTo(h("SHA-256", USER + ":" + REALM));
  }

  @Test
  void encodesCredentialsInUtf8WhenOffered() throws Exception {
    DigestInput in = new DigestInput(DigestAlgorithm.MD5, StandardCharsets.UTF_8, "J\u00e4s\u00f8n",
        REALM, NONCE, Optional.of("auth"), CNONCE, "00000001", "GET", URI);
    String ha1 = hex("MD5", ("J\u00e4s\u00f8n:" + REALM + ":p\u20ac").getBytes(StandardCharsets.UTF_8));
    String expected = h("MD5", ha1 + ":" + NONCE + ":00000001:" + CNONCE + ":auth:"
        + h("MD5", "GET:" + URI));

    assertThat(DigestCompute.response(in, "p\u20ac".toCharArray())).isEqualTo(expected);
  }

  @Test
  void rejectsPasswordIso88591CannotEncodeWithoutShowingIt() {
    ProxyAuthException e = catchThrowableOfType(() -> DigestCompute.response(
        input(DigestAlgorithm.MD5, Optional.of("auth")), "canary-\u20ac".toCharArray()),
        ProxyAuthException.class);

    assertThat(e.getMessage()).contains("Mufasa").contains("ISO-8859-1").contains("charset=UTF-8")
        .doesNotContain("canary");
  }

  private static DigestInput input(DigestAlgorithm algorithm, Optional<String> qop) {
    return new DigestInput(algorithm, StandardCharsets.ISO_8859_1, USER, REALM, NONCE, qop, CNONCE,
        "00000001", "GET", URI);
  }

  static String h(String algorithm, String value) throws Exception {
    return hex(algorithm, value.getBytes(Charset.forName("ISO-8859-1")));
  }

  private static String hex(String algorithm, byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
  }
}
