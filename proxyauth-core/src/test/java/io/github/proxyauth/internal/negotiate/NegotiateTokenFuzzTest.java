package io.github.proxyauth.internal.negotiate;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyauth.AuthScheme;
import io.github.proxyauth.AuthScope;
import io.github.proxyauth.KerberosLogin;
import io.github.proxyauth.NegotiateOptions;
import io.github.proxyauth.ProxyAuthException;
import io.github.proxyauth.fuzz.FuzzBudget;
import io.github.proxyauth.fuzz.FuzzCorpus;
import io.github.proxyauth.fuzz.FuzzMutator;
import io.github.proxyauth.spi.AuthContext;
import io.github.proxyauth.spi.AuthRequest;
import io.github.proxyauth.spi.AuthSession;
import io.github.proxyauth.spi.Challenge;
import io.github.proxyauth.testkit.TestKdc;
import io.github.proxyauth.testkit.internal.NegotiateServerScheme;
import io.github.proxyauth.testkit.internal.ServerConnection;
import io.github.proxyauth.testkit.internal.ServerRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.junit.jupiter.api.Timeout;

/**
 * Mutation fuzzing of the Negotiate tokens a proxy sends back (RFC 4559 continuation and final
 * tokens, SPNEGO NegTokenResp around a Kerberos AP-REP) against a real JGSS initiator logged in to
 * an embedded KDC: {@code continues}, {@code respond} and {@code verify} end with a value or a
 * {@link ProxyAuthException}, never another exception.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class NegotiateTokenFuzzTest {
  static final String TARGET = "negotiate-token";
  static final ServerRequest CONNECT = new ServerRequest("CONNECT", "origin.example:443");
  static final AtomicLong CONNECTIONS = new AtomicLong(1000);
  static TestKdc kdc;
  static Path serviceKeytab;
  static AuthScheme scheme;
  static List<byte[]> seeds;
  static FuzzMutator mutator;

  @BeforeContainer
  static void startKdc() throws Exception {
    kdc = TestKdc.start();
    assertThat(kdc.useAsJvmDefault()).isTrue();
    String alice = kdc.addPrincipal("alice", "Canary-Krb-Fuzz-3");
    serviceKeytab = kdc.createServicePrincipal("HTTP/localhost");
    Path aliceKeytab = kdc.exportKeytab(kdc.directory().resolve("alice.keytab"), alice);
    scheme = AuthScheme.negotiate(NegotiateOptions.builder()
        .login(KerberosLogin.keytab(alice, aliceKeytab)).requireMutualAuth(true).build());
    List<byte[]> all = new ArrayList<>(FuzzCorpus.load(TARGET));
    Exchange real = exchange(true);
    all.add(real.finalToken);
    all.add(Base64.getDecoder().decode(real.session.respond(Challenge.of("negotiate"))
        .substring(10)));
    seeds = List.copyOf(all);
    mutator = new FuzzMutator(seeds, List.of("\u00a1", "\u00a0\u0003\n\u0001", "\u0004\u0000",
        "\u0030\u0082\u00ff\u00ff", "\u0006\t*\u0086H\u0086\u00f7\u0012\u0001\u0002\u0002"), 16_384);
  }

  @AfterContainer
  static void stopKdc() throws Exception {
    FuzzBudget.report();
    if (kdc != null) {
      kdc.close();
    }
  }

  @Provide
  Arbitrary<Integer> seedIndex() {
    return Arbitraries.integers().between(0, 63);
  }

  @Property(tries = 100, seed = FuzzBudget.SEED)
  void mutatedProxyTokensEndInAValueOrAProxyAuthException(@ForAll("seedIndex") int index,
      @ForAll long salt) throws Exception {
    for (int i = 0; i < FuzzBudget.scale(); i++) {
      SplittableRandom random = new SplittableRandom(FuzzBudget.salt(salt, i));
      byte[] seed = seeds.get(index % seeds.size());
      String token = Base64.getEncoder().encodeToString(mutator.mutate(seed, random));
      Exchange exchange = exchange(random.nextBoolean());
      Challenge challenge = Challenge.ofToken68("negotiate", token);
      try {
        switch (random.nextInt(3)) {
          case 0 -> exchange.session.verify(Optional.of(challenge));
          case 1 -> {
            exchange.session.continues(challenge);
            assertThat(exchange.session.respond(challenge)).startsWith("Negotiate ");
          }
          default -> {
            if (exchange.session.continues(challenge)) {
              exchange.session.respond(challenge);
            }
            exchange.session.verify(Optional.of(challenge));
          }
        }
      } catch (ProxyAuthException e) {
        assertThat(e.getMessage()).isNotBlank().doesNotContain("Canary-Krb-Fuzz-3");
      }
      FuzzBudget.count(TARGET);
    }
  }

  /** A session that sent its first token; with {@code accepted}, the acceptor answered it. */
  record Exchange(AuthSession session, byte[] finalToken) {}

  static Exchange exchange(boolean accepted) throws Exception {
    AuthContext context = AuthContext.builder(
        AuthRequest.connect("localhost", 3128, "origin.example", 443),
        AuthScope.of("localhost", 3128, "negotiate")).build();
    AuthSession session = scheme.newSession(context);
    String header = session.respond(Challenge.of("negotiate"));
    if (!accepted) {
      return new Exchange(session, new byte[0]);
    }
    NegotiateServerScheme acceptor = new NegotiateServerScheme(serviceKeytab,
        "HTTP/localhost@" + kdc.realm());
    ServerConnection connection = new ServerConnection(CONNECTIONS.incrementAndGet());
    acceptor.verify(header.substring(10), CONNECT, connection);
    String reply = acceptor.finalToken(connection).orElseThrow();
    return new Exchange(session, Base64.getDecoder().decode(reply.substring(10)));
  }
}
