package io.github.proxyauth.internal.ntlm;

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
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import org.junit.jupiter.api.Timeout;

/**
 * Mutation fuzzing of NTLM CHALLENGE_MESSAGEs (Type 2, MS-NLMP §2.2.1.2) from a hostile proxy,
 * through {@code AuthScheme.ntlm()}: after the Type 1, every mutated {@code NTLM <token>} is
 * answered with a well-formed Type 3 or refused with a {@link ProxyAuthException}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NtlmChallengeFuzzTest {
  static final String TARGET = "ntlm-type2";
  static final String PASSWORD = "canary-Ntlm-Pw-77";
  static final List<byte[]> SEEDS = seedsWithGenerated();
  static final FuzzMutator MUTATOR = new FuzzMutator(SEEDS, List.of("NTLMSSP\0",
      "\u0007\u0000\u0008\u0000", "\u0000\u0000\u0000\u0000", "\u0006\u0000\u0004\u0000",
      "\u00ff\u00ff\u00ff\u00ff"), NtlmChallenge.MAX_BYTES + 1024);

  @AfterContainer
  static void report() {
    FuzzBudget.report();
  }

  @Provide
  Arbitrary<byte[]> seeds() {
    return net.jqwik.api.Arbitraries.of(SEEDS);
  }

  @Property(tries = 800, seed = FuzzBudget.SEED)
  void mutatedType2MessagesGetAType3OrAProxyAuthException(@ForAll("seeds") byte[] seed,
      @ForAll long salt) {
    for (int i = 0; i < FuzzBudget.scale(); i++) {
      SplittableRandom random = new SplittableRandom(FuzzBudget.salt(salt, i));
      byte[] message = MUTATOR.mutate(seed, random);
      String token = Base64.getEncoder().encodeToString(message);
      if (random.nextInt(4) == 0) {
        token = mutateText(token, random);
      }
      answersOrRefuses(token, salt);
      FuzzBudget.count(TARGET);
    }
  }

  /** A token of the largest accepted size, and one just above it, end promptly either way. */
  @Property(tries = 20, seed = FuzzBudget.SEED)
  void maximumSizeMessagesComplete(@ForAll("seeds") byte[] seed, @ForAll long salt) {
    byte[] big = Arrays.copyOf(seed, NtlmChallenge.MAX_BYTES);
    byte[] tail = new byte[big.length - seed.length];
    new SplittableRandom(salt).nextBytes(tail);
    System.arraycopy(tail, 0, big, seed.length, tail.length);
    answersOrRefuses(Base64.getEncoder().encodeToString(big), salt);
    answersOrRefuses(Base64.getEncoder().encodeToString(Arrays.copyOf(big, big.length + 3)), salt);
    FuzzBudget.count("ntlm-type2-64k");
  }

  static void answersOrRefuses(String token, long salt) {
    AuthSession session = session(salt);
    try {
      session.respond(Challenge.of("ntlm"));
      Challenge type2 = Challenge.ofToken68("ntlm", token);
      session.continues(type2);
      String answer = session.respond(type2);
      assertThat(answer).startsWith("NTLM ");
      byte[] type3 = Base64.getDecoder().decode(answer.substring(5));
      assertThat(Arrays.copyOf(type3, 12)).isEqualTo("NTLMSSP\0\3\0\0\0".getBytes(
          StandardCharsets.ISO_8859_1));
      assertThat(new String(type3, StandardCharsets.UTF_16LE)).doesNotContain(PASSWORD);
      assertThat(new String(type3, StandardCharsets.ISO_8859_1)).doesNotContain(PASSWORD);
    } catch (ProxyAuthException e) {
      assertThat(e.getMessage()).isNotBlank().doesNotContain(PASSWORD);
    }
  }

  static AuthSession session(long salt) {
    AuthContext context = AuthContext.builder(
        AuthRequest.connect("proxy.example", 3128, "origin.example", 443),
        AuthScope.of("proxy.example", 3128, "ntlm"))
        .credentials(Optional.of(Credentials.of("CORP\\alice", PASSWORD.toCharArray())))
        .random(RandomGenerator.of("L64X128MixRandom")).build();
    try {
      return AuthScheme.ntlm().newSession(context);
    } catch (ProxyAuthException e) {
      throw new AssertionError(e);
    }
  }

  private static String mutateText(String token, SplittableRandom random) {
    StringBuilder text = new StringBuilder(token);
    int at = text.length() == 0 ? 0 : random.nextInt(text.length());
    String junk = "=-_.~+/ \u00e9*";
    text.insert(at, junk.charAt(random.nextInt(junk.length())));
    return text.toString();
  }

  private static List<byte[]> seedsWithGenerated() {
    List<byte[]> seeds = new ArrayList<>(FuzzCorpus.load(TARGET));
    byte[] challenge = {1, 2, 3, 4, 5, 6, 7, 8};
    seeds.add(Type2s.message(Type2s.FLAGS, challenge, Type2s.targetInfo("CORP", "PROXY",
        133_000_000_000_000_000L)));
    seeds.add(Type2s.message(Type2s.FLAGS, challenge, Type2s.targetInfo("CORP", "PROXY", -1)));
    return List.copyOf(seeds);
  }
}
