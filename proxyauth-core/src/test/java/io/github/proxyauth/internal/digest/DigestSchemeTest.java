package io.github.proxyauth.internal.digest;

import static io.github.proxyauth.internal.digest.DigestComputeTest.CNONCE;
import static io.github.proxyauth.internal.digest.DigestComputeTest.NONCE;
import static io.github.proxyauth.internal.digest.DigestComputeTest.REALM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.proxyauth.AuthScheme;
import io.github.proxyauth.AuthScope;
import io.github.proxyauth.Credentials;
import io.github.proxyauth.ProxyAuthException;
import io.github.proxyauth.spi.AuthContext;
import io.github.proxyauth.spi.AuthRequest;
import io.github.proxyauth.spi.AuthSession;
import io.github.proxyauth.spi.Challenge;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class DigestSchemeTest {
  private static final String OPAQUE = "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS";
  private static final String CANARY = "canary-Pa55word";
  private static final AuthRequest GET = new AuthRequest("proxy", 3128, "GET", "/dir/index.html");

  @Test
  void matchesRfc7616Md5Example() throws Exception {
    // RFC 7616 §3.9.1
    String header = session("Mufasa", "Circle of Life", GET).respond(rfcChallenge("MD5"));

    assertThat(header).isEqualTo("Digest username=\"Mufasa\", realm=\"http-auth@example.org\","
        + " uri=\"/dir/index.html\", algorithm=MD5, nonce=\"" + NONCE + "\", nc=00000001,"
        + " cnonce=\"" + CNONCE + "\", qop=auth, response=\"8ca523f5e9506fed4657c9700eebdbec\","
        + " opaque=\"" + OPAQUE + "\"");
  }

  @Test
  void matchesRfc7616Sha256ExampleChosenAmongOfferedChallenges() throws Exception {
    // RFC 7616 §3.9.1: the server offers SHA-256 and MD5
    Challenge chosen = AuthScheme.digest().select(List.of(rfcChallenge("MD5"), rfcChallenge("SHA-256")));

    assertThat(session("Mufasa", "Circle of Life", GET).respond(chosen))
        .contains("algorithm=SHA-256", "qop=auth,", "response=\"753927fa0e85d155564e2e272a28d1802"
            + "ca10daf4496794697cf8db5856cb6c1\"");
  }

  @Test
  void selectsStrongestSupportedAlgorithmFirstOnTies() {
    Challenge md5 = digest("MD5", "a");
    Challenge sha256Sess = digest("SHA-256-sess", "b");
    Challenge sha256 = digest("SHA-256", "c");
    Challenge sha512 = digest("sha-512-256", "d");
    Challenge unknown = digest("SHA3-512", "e");

    AuthScheme scheme = AuthScheme.digest();
    assertThat(scheme.select(List.of(md5, unknown, sha256Sess, sha256))).isSameAs(sha256Sess);
    assertThat(scheme.select(List.of(unknown, md5, sha512, sha256))).isSameAs(sha512);
    assertThat(scheme.select(List.of(Challenge.of("digest", Map.of("realm", "x", "nonce", "n")),
        unknown))).extracting(Challenge::realm).isEqualTo(Optional.of("x"));
  }

  @Test
  void unsupportedAlgorithmOnlyFailsNamingIt() throws Exception {
    Challenge unknown = digest("SHA3-512", "e");
    Challenge chosen = AuthScheme.digest().select(List.of(unknown, digest("XYZ", "f")));

    ProxyAuthException e = catchThrowableOfType(
        () -> session("alice", CANARY, GET).respond(chosen), ProxyAuthException.class);

    assertThat(chosen).isSameAs(unknown);
    assertThat(e.getMessage()).contains("'SHA3-512'", "not supported", "SHA-512-256")
        .doesNotContain("canary");
  }

  @Test
  void incrementsNonceCountOnPreemptiveReuse() throws Exception {
    AuthContext context = context("Mufasa", CANARY, GET, Optional.of(rfcChallenge("MD5")));
    AuthSession first = AuthScheme.digest().newSession(context);
    AuthSession second = AuthScheme.digest().newSession(context);

    assertThat(first.preemptive().orElseThrow()).contains("nc=00000001");
    assertThat(second.preemptive().orElseThrow()).contains("nc=00000002");
    assertThat(first.respond(rfcChallenge("MD5"))).contains("nc=00000003");
  }

  @Test
  void answersNoPreemptiveValueWithoutCachedChallenge() throws Exception {
    assertThat(session("Mufasa", CANARY, GET).preemptive()).isEmpty();
  }

  @Test
  void restartsWithTheNewNonceWhenProxySaysStale() throws Exception {
    AuthSession session = session("Mufasa", CANARY, GET);
    session.respond(rfcChallenge("MD5"));
    Challenge stale = Challenge.parse("Digest realm=\"" + REALM + "\", nonce=\"fresh\","
        + " qop=auth, stale=TRUE").get(0);

    assertThat(session.continues(stale)).isTrue();
    assertThat(session.respond(stale)).contains("nonce=\"fresh\"", "nc=00000001");
  }

  @Test
  void treatsChallengeWithoutStaleTrueAsRejection() throws Exception {
    AuthSession session = session("Mufasa", CANARY, GET);

    assertThat(session.continues(rfcChallenge("MD5"))).isFalse();
    assertThat(session.continues(Challenge.parse("Digest realm=r, nonce=n, stale=false")
        .get(0))).isFalse();
    assertThat(session.continues(Challenge.parse("Basic stale=true").get(0))).isFalse();
  }

  @Test
  void failsClearlyWhenNonceOrRealmIsMissing() throws Exception {
    AuthSession session = session("Mufasa", CANARY, GET);

    assertThat(catchThrowableOfType(() -> session.respond(Challenge.of("digest",
        Map.of("realm", "r"))), ProxyAuthException.class))
        .hasMessageContaining("no nonce parameter").hasMessageContaining("proxy:3128");
    assertThat(catchThrowableOfType(() -> session.respond(Challenge.of("digest",
        Map.of("nonce", "n"))), ProxyAuthException.class)).hasMessageContaining("no realm");
  }

  @Test
  void hashesTheUserNameWhenProxyAsksForUserhash() throws Exception {
    Challenge challenge = Challenge.parse("Digest realm=\"" + REALM + "\", nonce=\"n\","
        + " qop=auth, algorithm=SHA-256, userhash=true").get(0);

    String header = session("Mufasa", CANARY, GET).respond(challenge);

    assertThat(header).startsWith("Digest username=\""
        + DigestComputeTest.h("SHA-256", "Mufasa:" + REALM) + "\"").endsWith(", userhash=true")
        .doesNotContain("Mufasa");
  }

  @Test
  void sendsUsernameStarForNonAsciiUser() throws Exception {
    // RFC 7616 §3.9.2 user name, RFC 8187 encoding
    Challenge challenge = Challenge.parse("Digest realm=\"api@example.org\", nonce=\"n\","
        + " qop=auth, charset=UTF-8").get(0);

    assertThat(session("J\u00e4s\u00f8n Doe", CANARY, GET).respond(challenge))
        .startsWith("Digest username*=UTF-8''J%C3%A4s%C3%B8n%20Doe, realm=");
  }

  @Test
  void answersRfc2069StyleWithoutQop() throws Exception {
    String header = session("Mufasa", "Circle of Life", GET)
        .respond(Challenge.of("digest", Map.of("realm", REALM, "nonce", NONCE)));
    String ha1 = DigestComputeTest.h("MD5", "Mufasa:" + REALM + ":Circle of Life");
    String expected = DigestComputeTest.h("MD5", ha1 + ":" + NONCE + ":"
        + DigestComputeTest.h("MD5", "GET:/dir/index.html"));

    assertThat(header).isEqualTo("Digest username=\"Mufasa\", realm=\"" + REALM
        + "\", uri=\"/dir/index.html\", nonce=\"" + NONCE + "\", response=\"" + expected + "\"");
  }

  @Test
  void usesAuthIntOnlyWhenAuthIsNotOffered() throws Exception {
    AuthSession session = session("Mufasa", CANARY, GET);

    assertThat(session.respond(Challenge.of("digest", Map.of("realm", "r", "nonce", "n",
        "qop", "auth-int")))).contains("qop=auth-int");
    assertThat(session.respond(Challenge.of("digest", Map.of("realm", "r", "nonce", "n",
        "qop", "auth-int , auth")))).contains("qop=auth,");
  }

  @Test
  void rejectsSessionAlgorithmWithoutQop() {
    ProxyAuthException e = catchThrowableOfType(() -> session("Mufasa", CANARY, GET)
        .respond(Challenge.of("digest", Map.of("realm", "r", "nonce", "n",
            "algorithm", "MD5-sess"))), ProxyAuthException.class);

    assertThat(e).hasMessageContaining("MD5-sess").hasMessageContaining("qop");
  }

  @Test
  void hashesTheConnectTargetAsDigestUri() throws Exception {
    AuthRequest connect = AuthRequest.connect("proxy", 3128, "example.com", 443);

    assertThat(session("Mufasa", CANARY, connect).respond(rfcChallenge("MD5")))
        .contains("uri=\"example.com:443\"");
  }

  @Test
  void escapesQuotesAndBackslashesInQuotedValues() throws Exception {
    Challenge challenge = Challenge.of("digest", Map.of("realm", "a\"b\\c", "nonce", "n"));

    assertThat(session("Mufasa", CANARY, GET).respond(challenge)).contains("realm=\"a\\\"b\\\\c\"");
  }

  @Test
  void neverShowsThePassword() throws Exception {
    AuthSession session = session("Mufasa", CANARY, GET);
    String header = session.respond(rfcChallenge("SHA-256"));
    List<Throwable> failures = List.of(
        catchThrowableOfType(() -> session.respond(digest("BAD", "r")), ProxyAuthException.class),
        catchThrowableOfType(() -> session("Mufasa", CANARY + "\u20ac", GET)
            .respond(rfcChallenge("MD5")), ProxyAuthException.class));

    assertThat(header).doesNotContain("canary");
    assertThat(session.toString() + AuthScheme.digest() + DigestChallenge.from(rfcChallenge("MD5"),
        "p")).doesNotContain("canary").doesNotContain(NONCE);
    assertThat(failures).allSatisfy(f -> assertThat(f.getMessage()).doesNotContain("canary"));
  }

  @Test
  void cachedPasswordHashFollowsRealmAlgorithmAndRotatedCredentials() throws Exception {
    // H(A1) is cached per Credentials instance: a second realm, another algorithm and rotated
    // credentials must each give the response a fresh computation gives.
    Credentials mufasa = Credentials.of("Mufasa", "Circle of Life".toCharArray());
    String first = sessionOf(mufasa).respond(rfcChallenge("MD5"));
    String again = sessionOf(mufasa).respond(rfcChallenge("MD5"));
    String otherRealm = sessionOf(mufasa).respond(Challenge.of("digest", Map.of("realm", "other",
        "qop", "auth", "algorithm", "MD5", "nonce", NONCE, "opaque", OPAQUE)));
    String sha256 = sessionOf(mufasa).respond(rfcChallenge("SHA-256"));
    String rotated = sessionOf(Credentials.of("Mufasa", "Circle of Death".toCharArray()))
        .respond(rfcChallenge("MD5"));

    assertThat(first).isEqualTo(again).contains("response=\"8ca523f5e9506fed4657c9700eebdbec\"");
    assertThat(sha256).contains("response=\"753927fa0e85d155564e2e272a28d1802"
        + "ca10daf4496794697cf8db5856cb6c1\"");
    assertThat(responseOf(otherRealm)).isEqualTo(responseOf(session("Mufasa", "Circle of Life",
        GET).respond(Challenge.of("digest", Map.of("realm", "other", "qop", "auth",
        "algorithm", "MD5", "nonce", NONCE, "opaque", OPAQUE)))))
        .isNotEqualTo(responseOf(first));
    assertThat(responseOf(rotated)).isEqualTo(responseOf(session("Mufasa", "Circle of Death",
        GET).respond(rfcChallenge("MD5")))).isNotEqualTo(responseOf(first));
  }

  private static AuthSession sessionOf(Credentials credentials) throws ProxyAuthException {
    return AuthScheme.digest().newSession(AuthContext.builder(GET,
        AuthScope.of("proxy", 3128, "digest")).credentials(Optional.of(credentials))
        .random(rfcCnonceBytes()).build());
  }

  private static String responseOf(String header) {
    int at = header.indexOf("response=\"");
    return header.substring(at, header.indexOf('"', at + 10) + 1);
  }

  private static Challenge rfcChallenge(String algorithm) {
    return Challenge.of("digest", Map.of("realm", REALM, "qop", "auth, auth-int",
        "algorithm", algorithm, "nonce", NONCE, "opaque", OPAQUE));
  }

  private static Challenge digest(String algorithm, String realm) {
    return Challenge.of("digest", Map.of("realm", realm, "nonce", "n", "qop", "auth",
        "algorithm", algorithm));
  }

  private static AuthSession session(String user, String password, AuthRequest request)
      throws ProxyAuthException {
    return AuthScheme.digest().newSession(context(user, password, request, Optional.empty()));
  }

  private static AuthContext context(String user, String password, AuthRequest request,
      Optional<Challenge> cached) {
    return AuthContext.builder(request, AuthScope.of("proxy", 3128, "digest"))
        .credentials(Optional.of(Credentials.of(user, password.toCharArray())))
        .cachedChallenge(cached).random(rfcCnonceBytes()).build();
  }

  /** Yields the bytes whose base64 is the RFC 7616 §3.9.1 cnonce. */
  private static RandomGenerator rfcCnonceBytes() {
    byte[] bytes = Base64.getDecoder().decode(CNONCE);
    return new RandomGenerator() {
      @Override
      public long nextLong() {
        throw new AssertionError("Digest should draw its cnonce through nextBytes");
      }

      @Override
      public void nextBytes(byte[] out) {
        assertThat(out).hasSize(bytes.length);
        System.arraycopy(bytes, 0, out, 0, bytes.length);
      }
    };
  }
}
