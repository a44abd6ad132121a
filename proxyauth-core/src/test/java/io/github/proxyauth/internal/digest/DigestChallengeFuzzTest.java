package io.github.proxyauth.internal.digest;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyauth.AuthScheme;
import io.github.proxyauth.AuthScope;
import io.github.proxyauth.Credentials;
import io.github.proxyauth.ProxyAuthException;
import io.github.proxyauth.fuzz.FuzzBudget;
import io.github.proxyauth.fuzz.FuzzCorpus;
import io.github.proxyauth.fuzz.FuzzMutator;
import io.github.proxyauth.spi.AuthContext;
import io.github.proxyauth.spi.AuthRequest;
import io.github.proxyauth.spi.AuthSession;
import io.github.proxyauth.spi.Challenge;
import io.github.proxyauth.spi.MalformedChallengeException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import org.junit.jupiter.api.Timeout;

/**
 * Mutation fuzzing of Digest challenge handling (RFC 7616) through the public path a proxy's
 * challenge takes: parse, {@link AuthScheme#select}, {@link AuthSession#continues} and
 * {@link AuthSession#respond}. Every input is answered with a header free of control characters
 * or refused with a {@link ProxyAuthException}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DigestChallengeFuzzTest {
  static final String TARGET = "digest";
  static final String PASSWORD = "canary-Digest-Pw-42";
  static final List<byte[]> SEEDS = FuzzCorpus.load(TARGET);
  static final FuzzMutator MUTATOR = new FuzzMutator(SEEDS, List.of("algorithm=", "MD5-sess",
      "SHA-256", "SHA-512-256-sess", "qop=\"auth-int\"", "qop=auth,", "userhash=true",
      "charset=UTF-8", "stale=TRUE", "opaque=\"", "nonce=\"\"", "realm=\"\"", "\\\"", "\u00e9",
      "Digest ", ", "), 70_000);

  @AfterContainer
  static void report() {
    FuzzBudget.report();
  }

  @Provide
  Arbitrary<byte[]> seeds() {
    return FuzzCorpus.seeds(TARGET);
  }

  @Property(tries = 1500, seed = FuzzBudget.SEED)
  void mutatedDigestChallengesAreAnsweredCleanlyOrRefusedTyped(@ForAll("seeds") byte[] seed,
      @ForAll long salt, @ForAll boolean forward) {
    for (int i = 0; i < FuzzBudget.scale(); i++) {
      byte[] input = MUTATOR.mutate(seed, new SplittableRandom(FuzzBudget.salt(salt, i)));
      List<Challenge> challenges;
      try {
        challenges = Challenge.parse(new String(input, StandardCharsets.ISO_8859_1));
      } catch (MalformedChallengeException e) {
        challenges = List.of(); // the parser's own fuzz target covers these
      }
      answerEach(challenges, forward ? "GET" : "CONNECT");
      FuzzBudget.count(TARGET);
    }
  }

  static void answerEach(List<Challenge> challenges, String method) {
    AuthSession session = session(method);
    List<Challenge> digests = challenges.stream().filter(c -> c.scheme().equals("digest"))
        .toList();
    if (!digests.isEmpty()) {
      assertThat(AuthScheme.digest().select(digests)).isIn(digests);
    }
    for (Challenge challenge : challenges) {
      session.continues(challenge);
      try {
        String header = session.respond(challenge);
        assertThat(header).startsWith("Digest ").doesNotContain(PASSWORD);
        assertThat(header.chars().noneMatch(c -> c < 0x20 && c != '\t' || c == 0x7f || c > 0xff))
            .as("no control characters in %s", header).isTrue();
      } catch (ProxyAuthException e) {
        assertThat(e.getMessage()).isNotBlank().doesNotContain(PASSWORD);
      }
    }
  }

  static AuthSession session(String method) {
    AuthRequest request = method.equals("CONNECT")
        ? AuthRequest.connect("proxy.example", 3128, "origin.example", 443)
        : AuthRequest.forward("proxy.example", 3128, method,
            java.net.URI.create("http://origin.example/a%20b?q=1"));
    AuthContext context = AuthContext.builder(request, AuthScope.of("proxy.example", 3128,
        "digest")).credentials(Optional.of(Credentials.of("alice\u00e9",
            PASSWORD.toCharArray()))).build();
    try {
      return AuthScheme.digest().newSession(context);
    } catch (ProxyAuthException e) {
      throw new AssertionError("a Digest session with credentials must start", e);
    }
  }
}
