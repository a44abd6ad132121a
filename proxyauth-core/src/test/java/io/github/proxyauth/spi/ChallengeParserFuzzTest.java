package io.github.proxyauth.spi;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyauth.AuthScheme;
import io.github.proxyauth.Credentials;
import io.github.proxyauth.ProxyAuthException;
import io.github.proxyauth.ProxyAuthenticator;
import io.github.proxyauth.fuzz.FuzzBudget;
import io.github.proxyauth.fuzz.FuzzCorpus;
import io.github.proxyauth.fuzz.FuzzMutator;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Mutation fuzzing of {@link ChallengeParser} and of the engine behind it, from the seed corpus in
 * {@code fuzz/challenge}: every input parses or fails with {@link MalformedChallengeException},
 * and the engine answers or fails with a {@link ProxyAuthException}. Longer run:
 * {@code -Dproxyauth.fuzz.scale=N} (see docs/ROBUSTNESS.md).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ChallengeParserFuzzTest {
  static final String TARGET = "challenge";
  static final List<byte[]> SEEDS = FuzzCorpus.load(TARGET);
  static final FuzzMutator MUTATOR = new FuzzMutator(SEEDS, List.of("Basic ", "Digest ", "NTLM ",
      "Negotiate ", "realm=", "nonce=\"", "\"", "\\\"", ", ", "=", "==", "\t", "\r\n", "\u00ff",
      "qop=\"auth,auth-int\"", "algorithm=SHA-512-256-sess", "stale=true", ",,,,"), 70_000);

  @AfterContainer
  static void report() {
    FuzzBudget.report();
  }

  @Provide
  Arbitrary<byte[]> seeds() {
    return FuzzCorpus.seeds(TARGET);
  }

  @Property(tries = 1000, seed = FuzzBudget.SEED)
  void mutatedFieldValuesParseOrFailWithMalformedChallengeException(@ForAll("seeds") byte[] seed,
      @ForAll long salt) {
    for (int i = 0; i < FuzzBudget.scale(); i++) {
      byte[] input = MUTATOR.mutate(seed, new SplittableRandom(FuzzBudget.salt(salt, i)));
      parsesOrFailsTyped(new String(input, StandardCharsets.ISO_8859_1));
      parsesOrFailsTyped(new String(input, StandardCharsets.UTF_8));
      FuzzBudget.count(TARGET);
    }
  }

  @Property(tries = 400, seed = FuzzBudget.SEED)
  void engineAnswersMutatedChallengesOrFailsWithADiagnosis(@ForAll("seeds") byte[] seed,
      @ForAll long salt) {
    ProxyAuthenticator engine = ProxyAuthenticator.builder()
        .credentials(Credentials.of("CORP\\alice", "canary-Fuzz-Pw-1".toCharArray()))
        .schemes(AuthScheme.ntlm(), AuthScheme.digest(), AuthScheme.basic()).build();
    for (int i = 0; i < FuzzBudget.scale(); i++) {
      SplittableRandom random = new SplittableRandom(FuzzBudget.salt(salt, i));
      String first = new String(MUTATOR.mutate(seed, random), StandardCharsets.ISO_8859_1);
      String second = new String(MUTATOR.mutate(seed, random), StandardCharsets.ISO_8859_1);
      AuthExchange exchange = engine.newExchange(
          AuthRequest.connect("proxy.example", 3128, "origin.example", 443));
      answersOrFailsTyped(exchange, List.of(first));
      answersOrFailsTyped(exchange, List.of(second, first));
      FuzzBudget.count("engine");
    }
  }

  /** The size limit is the first check, so 64 KiB of the worst repetition is the longest parse. */
  @Property(tries = 30, seed = FuzzBudget.SEED)
  void pathologicalValuesOfTheMaximumLengthComplete(@ForAll("seeds") byte[] seed,
      @ForAll long salt) {
    byte[] unit = MUTATOR.mutate(seed, new SplittableRandom(salt));
    String text = new String(unit.length == 0 ? new byte[] {','} : unit,
        StandardCharsets.ISO_8859_1);
    String value = text.repeat(ChallengeParser.MAX_FIELD_LENGTH / text.length() + 1)
        .substring(0, ChallengeParser.MAX_FIELD_LENGTH);
    parsesOrFailsTyped(value);
    parsesOrFailsTyped(value + ",");
    FuzzBudget.count("challenge-64k");
  }

  /** A hostile proxy must not be able to put 64 KiB into every log line and event. */
  @Test
  void malformedChallengeMessagesClipALongParameterName() {
    String name = "n".repeat(60_000);
    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(
        () -> ChallengeParser.parse("Digest realm=\"r\", " + name + "="));

    assertThat(thrown).isInstanceOf(MalformedChallengeException.class);
    assertThat(thrown.getMessage()).hasSizeLessThan(1_000);
  }

  static void parsesOrFailsTyped(String value) {
    try {
      for (Challenge c : ChallengeParser.parse(value)) {
        assertThat(c.scheme()).isNotEmpty().isLowerCase();
        assertThat(c.params().size()).isLessThanOrEqualTo(ChallengeParser.MAX_PARAMS);
      }
    } catch (MalformedChallengeException e) {
      assertThat(e.index()).isBetween(0, value.length());
      assertThat(e.getMessage()).isNotBlank();
    }
  }

  static void answersOrFailsTyped(AuthExchange exchange, List<String> values) {
    try {
      String answer = exchange.respond(values);
      assertThat(answer).doesNotContain("\r", "\n", "canary-Fuzz-Pw-1");
    } catch (ProxyAuthException e) {
      assertThat(e.getMessage()).doesNotContain("canary-Fuzz-Pw-1");
    }
  }
}
