package io.github.proxyauth.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class DigestServerSchemeTest {
  // RFC 7616 §3.9.1
  private static final String NONCE = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
  private static final String CNONCE = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";
  private static final String OPAQUE = "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS";
  private static final String REALM = "http-auth@example.org";
  private static final String URI = "/dir/index.html";

  private final UserStore users = new UserStore();
  private final ServerConnection connection = new ServerConnection(0);
  private final ServerRequest request = new ServerRequest("GET", URI);
  private Instant now = Instant.parse("2026-01-01T00:00:00Z");
  private final Clock clock = new Clock() {
    @Override public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override public Instant instant() {
      return now;
    }
  };

  DigestServerSchemeTest() {
    users.put("Mufasa", "Circle of Life");
  }

  private ServerScheme scheme(String algorithm, List<String> qops, Duration life, int uses) {
    DigestConfig config = new DigestConfig(REALM, List.of(algorithm), qops, false, life, uses);
    return DigestServerScheme.forEachAlgorithm(users, config, clock, () -> NONCE, OPAQUE).get(0);
  }

  private ServerScheme scheme(String algorithm) {
    return scheme(algorithm, List.of("auth", "auth-int"), Duration.ofMinutes(5), 100);
  }

  private static String credentials(String algorithm, String nc, String response) {
    return "username=\"Mufasa\", realm=\"" + REALM + "\", uri=\"" + URI + "\", algorithm="
        + algorithm + ", nonce=\"" + NONCE + "\", nc=" + nc + ", cnonce=\"" + CNONCE
        + "\", qop=auth, response=\"" + response + "\", opaque=\"" + OPAQUE + "\"";
  }

  private static String rfcResponse(String algorithm, String nc) {
    return DigestMath.response(new DigestMath.Input(algorithm, "Mufasa", REALM, "Circle of Life",
        NONCE, nc, CNONCE, "auth", "GET", URI, ""));
  }

  @Test
  void computesRfc7616Md5Example() {
    assertThat(rfcResponse("MD5", "00000001")).isEqualTo("8ca523f5e9506fed4657c9700eebdbec");
  }

  @Test
  void computesRfc7616Sha256Example() {
    assertThat(rfcResponse("SHA-256", "00000001"))
        .isEqualTo("753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
  }

  @Test
  void computesSha512256WithTheTruncatedSha512OfFips180() throws Exception {
    // FIPS 180-4 example: SHA-512/256("abc")
    assertThat(DigestMath.hash("SHA-512-256", "abc".getBytes(StandardCharsets.US_ASCII)))
        .isEqualTo("53048e2681941ef99b2e29b76b4c7dabe4c2d0c634fc6d46e0e2f13107e7af23");
    MessageDigest sha = MessageDigest.getInstance("SHA-512/256");
    String ha1 = hex(sha.digest("Mufasa:http-auth@example.org:Circle of Life".getBytes()));
    String ha2 = hex(sha.digest(("GET:" + URI).getBytes()));
    String expected = hex(sha.digest(String.join(":", ha1, NONCE, "00000001", CNONCE, "auth", ha2)
        .getBytes()));

    assertThat(rfcResponse("SHA-512-256", "00000001")).isEqualTo(expected);
  }

  @Test
  void acceptsRfc7616ExampleAuthorization() {
    ServerScheme digest = scheme("MD5");
    assertThat(digest.challenge(connection)).contains("nonce=\"" + NONCE + "\"");

    assertThat(digest.verify(credentials("MD5", "00000001", "8ca523f5e9506fed4657c9700eebdbec"),
        request, connection)).isEqualTo(new Verdict.Accepted("Mufasa"));
  }

  @Test
  void announcesRealmQopAlgorithmNonceOpaqueAndCharset() {
    assertThat(scheme("SHA-256").challenge(connection)).isEqualTo("Digest realm=\"" + REALM
        + "\", qop=\"auth, auth-int\", algorithm=SHA-256, nonce=\"" + NONCE + "\", opaque=\""
        + OPAQUE + "\", charset=UTF-8");
  }

  @Test
  void rejectsNonceCountThatDoesNotIncrease() {
    ServerScheme digest = scheme("SHA-256");
    digest.challenge(connection);
    String first = credentials("SHA-256", "00000002", rfcResponse("SHA-256", "00000002"));
    String older = credentials("SHA-256", "00000001", rfcResponse("SHA-256", "00000001"));

    assertThat(digest.verify(first, request, connection)).isInstanceOf(Verdict.Accepted.class);
    assertThat(digest.verify(first, request, connection)).isInstanceOf(Verdict.Rejected.class);
    assertThat(digest.verify(older, request, connection)).isInstanceOf(Verdict.Rejected.class);
  }

  @Test
  void announcesTheNextNonceOnTheLastUseThenAnswersStale() {
    java.util.Iterator<String> issued = List.of(NONCE, "next-1", "next-2").iterator();
    ServerScheme digest = DigestServerScheme.forEachAlgorithm(users, new DigestConfig(REALM,
        List.of("MD5"), List.of("auth"), false, Duration.ofMinutes(5), 1), clock, issued::next,
        OPAQUE).get(0);
    digest.challenge(connection);

    assertThat(digest.verify(credentials("MD5", "00000001", rfcResponse("MD5", "00000001")),
        request, connection)).isEqualTo(new Verdict.Accepted("Mufasa",
            java.util.Optional.of("nextnonce=\"next-1\"")));
    Verdict second = digest.verify(credentials("MD5", "00000002", rfcResponse("MD5", "00000002")),
        request, connection);
    assertThat(second).isInstanceOf(Verdict.Continue.class);
    assertThat(((Verdict.Continue) second).proxyAuthenticate()).endsWith(", stale=true")
        .contains("nonce=\"next-2\"");
  }

  @Test
  void answersStaleAfterLifetimeOnlyForCorrectResponse() {
    ServerScheme digest = scheme("MD5", List.of("auth"), Duration.ofSeconds(30), 100);
    digest.challenge(connection);
    now = now.plusSeconds(31);

    assertThat(digest.verify(credentials("MD5", "00000001", "0".repeat(32)), request, connection))
        .isInstanceOf(Verdict.Rejected.class);
    assertThat(digest.verify(credentials("MD5", "00000001", rfcResponse("MD5", "00000001")),
        request, connection)).isInstanceOf(Verdict.Continue.class);
  }

  @Test
  void rejectsUriOtherThanRequestTarget() {
    ServerScheme digest = scheme("MD5");
    digest.challenge(connection);
    ServerRequest other = new ServerRequest("GET", "/other");

    assertThat(digest.verify(credentials("MD5", "00000001", rfcResponse("MD5", "00000001")),
        other, connection)).isInstanceOf(Verdict.Rejected.class);
  }

  @Test
  void acceptsOriginFormUriForAbsoluteTargetLikeSquid() {
    assertThat(DigestServerScheme.uriMatches("/a?b=c", "http://h:8080/a?b=c")).isTrue();
    assertThat(DigestServerScheme.uriMatches("/", "http://h")).isTrue();
    assertThat(DigestServerScheme.uriMatches("http://h/a", "http://h/a")).isTrue();
    assertThat(DigestServerScheme.uriMatches("/b", "http://h/a")).isFalse();
    assertThat(DigestServerScheme.uriMatches("h:443", "h:443")).isTrue();
    assertThat(DigestServerScheme.uriMatches("/", "h:443")).isFalse();
  }

  @Test
  void rejectsUnknownNonceAndUnofferedAlgorithm() {
    ServerScheme digest = scheme("MD5");

    assertThat(digest.verify(credentials("MD5", "00000001", rfcResponse("MD5", "00000001")),
        request, connection)).isInstanceOf(Verdict.Rejected.class);
    digest.challenge(connection);
    assertThat(digest.verify(credentials("SHA-256", "00000001",
        rfcResponse("SHA-256", "00000001")), request, connection))
        .isInstanceOf(Verdict.Rejected.class);
  }

  @Test
  void acceptsHashedUserName() {
    DigestConfig config = new DigestConfig(REALM, List.of("SHA-256"), List.of("auth"), true,
        Duration.ofMinutes(5), 10);
    ServerScheme digest = DigestServerScheme.forEachAlgorithm(users, config, clock, () -> NONCE,
        OPAQUE).get(0);
    assertThat(digest.challenge(connection)).endsWith(", userhash=true");
    String hashed = DigestMath.userhash("SHA-256", "Mufasa", REALM);

    String credentials = credentials("SHA-256", "00000001", rfcResponse("SHA-256", "00000001"))
        .replace("username=\"Mufasa\"", "username=\"" + hashed + "\", userhash=true");
    assertThat(digest.verify(credentials, request, connection))
        .isEqualTo(new Verdict.Accepted("Mufasa"));
  }

  @Test
  void hashesBodyForAuthInt() {
    ServerScheme digest = scheme("SHA-256");
    digest.challenge(connection);
    byte[] body = "hello".getBytes(StandardCharsets.UTF_8);
    String response = DigestMath.response(new DigestMath.Input("SHA-256", "Mufasa", REALM,
        "Circle of Life", NONCE, "00000001", CNONCE, "auth-int", "POST", URI,
        DigestMath.hash("SHA-256", body)));
    String credentials = credentials("SHA-256", "00000001", response)
        .replace("qop=auth,", "qop=auth-int,");
    ServerRequest post = new ServerRequest("POST", URI);

    assertThat(digest.needsBody(credentials)).isTrue();
    assertThat(digest.verify(credentials, post, "other".getBytes(), connection))
        .isInstanceOf(Verdict.Rejected.class);
    assertThat(digest.verify(credentials, post, body, connection))
        .isInstanceOf(Verdict.Accepted.class);
  }

  @Test
  void rejectsMalformedCredentialsWithoutEchoingThem() {
    Verdict verdict = scheme("MD5").verify("username=\"Mufasa, response=canary-77", request,
        connection);

    assertThat(verdict).isInstanceOf(Verdict.Rejected.class);
    assertThat(verdict.toString()).doesNotContain("canary-77");
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
