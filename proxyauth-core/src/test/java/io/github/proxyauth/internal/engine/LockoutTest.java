package io.github.proxyauth.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.proxyauth.Credentials;
import io.github.proxyauth.Diagnosis.Reason;
import io.github.proxyauth.FakeScheme;
import io.github.proxyauth.ProxyAuthException;
import io.github.proxyauth.ProxyAuthenticator;
import io.github.proxyauth.ProxyAuthenticatorTest;
import io.github.proxyauth.RecordingCredentialProvider;
import io.github.proxyauth.spi.AuthExchange;
import io.github.proxyauth.spi.AuthRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LockoutTest {
  static final AuthRequest CONNECT = AuthRequest.connect("proxy.test", 3128, "origin.test", 443);

  final MutableClock clock = new MutableClock();
  final FakeScheme scheme = FakeScheme.of("fake", 20);
  final RecordingCredentialProvider provider =
      new RecordingCredentialProvider(Credentials.of("alice", "wrong".toCharArray()));

  ProxyAuthenticator authenticator() {
    return ProxyAuthenticator.builder().schemes(scheme).credentials(provider).clock(clock)
        .lockoutProtection(3, Duration.ofMinutes(5)).build();
  }

  @Test
  void pausesScopeAfterRepeatedRejections() throws Exception {
    ProxyAuthenticator auth = authenticator();
    for (int i = 0; i < 3; i++) {
      rejectOnce(auth);
    }

    assertThatThrownBy(() -> auth.newExchange(CONNECT).respond(List.of("Fake")))
        .hasMessageContaining("paused")
        .satisfies(e -> assertThat(ProxyAuthenticatorTest.reason(e)).isEqualTo(Reason.BACKED_OFF));
    assertThat(scheme.answers).hasSize(3);
  }

  @Test
  void resumesAfterTheBackoffAndDoublesIt() throws Exception {
    ProxyAuthenticator auth = authenticator();
    for (int i = 0; i < 3; i++) {
      rejectOnce(auth);
    }
    clock.advance(Duration.ofMinutes(5).plusSeconds(1));
    rejectOnce(auth);
    clock.advance(Duration.ofMinutes(6));

    assertThatThrownBy(() -> auth.newExchange(CONNECT).respond(List.of("Fake")))
        .satisfies(e -> assertThat(ProxyAuthenticatorTest.reason(e)).isEqualTo(Reason.BACKED_OFF));
  }

  @Test
  void successClearsTheStrikes() throws Exception {
    ProxyAuthenticator auth = authenticator();
    rejectOnce(auth);
    rejectOnce(auth);
    AuthExchange ok = auth.newExchange(CONNECT);
    ok.respond(List.of("Fake"));
    ok.succeeded(List.of());
    rejectOnce(auth);
    rejectOnce(auth);

    assertThat(auth.newExchange(CONNECT).respond(List.of("Fake"))).startsWith("fake");
  }

  @Test
  void concurrentRejectionsShareOneRefresh() throws Exception {
    ProxyAuthenticator auth = ProxyAuthenticator.builder().schemes(scheme).credentials(provider)
        .lockoutProtection(1000, Duration.ZERO).build();
    int threads = 16;
    List<AuthExchange> exchanges = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      AuthExchange exchange = auth.newExchange(CONNECT);
      exchange.respond(List.of("Fake"));
      exchanges.add(exchange);
    }
    provider.rotate(Credentials.of("alice", "right".toCharArray()));
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<String>> answers = new ArrayList<>();
    for (AuthExchange exchange : exchanges) {
      answers.add(pool.submit(() -> {
        go.await(10, TimeUnit.SECONDS);
        return exchange.respond(List.of("Fake"));
      }));
    }
    go.countDown();
    for (Future<String> answer : answers) {
      assertThat(answer.get(10, TimeUnit.SECONDS)).startsWith("fake leg-1");
    }
    pool.shutdown();

    assertThat(provider.invalidated).hasSize(1);
  }

  @Test
  void aWaveOfConcurrentRejectionsIsOneStrike() throws Exception {
    ProxyAuthenticator auth = authenticator();
    List<AuthExchange> wave = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      AuthExchange exchange = auth.newExchange(CONNECT);
      exchange.respond(List.of("Fake")); // all 16 on their way before any verdict
      wave.add(exchange);
    }
    for (AuthExchange exchange : wave) {
      assertThatThrownBy(() -> exchange.respond(List.of("Fake")))
          .satisfies(e -> assertThat(ProxyAuthenticatorTest.reason(e))
              .isEqualTo(Reason.CREDENTIALS_REJECTED));
    }
    rejectOnce(auth);
    rejectOnce(auth); // strikes 2 and 3: paused

    assertThatThrownBy(() -> auth.newExchange(CONNECT).respond(List.of("Fake")))
        .satisfies(e -> assertThat(ProxyAuthenticatorTest.reason(e)).isEqualTo(Reason.BACKED_OFF));
    assertThat(scheme.answers).hasSize(18);
    assertThat(provider.invalidated).hasSize(3); // one reload per strike, not per rejection
  }

  @Test
  void aStruckPasswordIsTriedByOneAttemptAtATime() throws Exception {
    ProxyAuthenticator auth = authenticator();
    rejectOnce(auth);
    AuthExchange probe = auth.newExchange(CONNECT);
    probe.respond(List.of("Fake"));
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      AuthExchange waiting = auth.newExchange(CONNECT);
      Future<String> second = pool.submit(() -> waiting.respond(List.of("Fake")));
      assertThat(waitForState(pool, second)).isFalse(); // waits for the probe's verdict
      assertThat(scheme.answers).hasSize(2);

      probe.succeeded(List.of());

      assertThat(second.get(10, TimeUnit.SECONDS)).startsWith("fake leg-1");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void anAbandonedProbeLetsTheNextAttemptProbeAtOnce() throws Exception {
    ProxyAuthenticator auth = authenticator();
    rejectOnce(auth);
    AuthExchange probe = auth.newExchange(CONNECT);
    probe.respond(List.of("Fake"));

    probe.abandoned(); // the client went away before the proxy answered

    // Non-blocking: fails BACKED_OFF at once while another attempt still holds the probe.
    assertThat(auth.newExchange(CONNECT).nonBlocking().respond(List.of("Fake")))
        .startsWith("fake leg-1");
  }

  @Test
  void anAbandonedAttemptIsNoStrike() throws Exception {
    ProxyAuthenticator auth = authenticator();
    rejectOnce(auth);
    for (int i = 0; i < 5; i++) {
      AuthExchange gone = auth.newExchange(CONNECT);
      gone.respond(List.of("Fake"));
      gone.abandoned();
    }
    rejectOnce(auth); // strike 2 of 3

    AuthExchange next = auth.newExchange(CONNECT);
    next.throwIfPaused();
    assertThat(next.respond(List.of("Fake"))).startsWith("fake leg-1");
  }

  @Test
  void anAbandonedExchangeAnswersNoMore() throws Exception {
    AuthExchange gone = authenticator().newExchange(CONNECT);
    gone.respond(List.of("Fake"));
    gone.abandoned();

    assertThatThrownBy(() -> gone.respond(List.of("Fake")))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("abandoned");
  }

  @Test
  void aSuccessSentBeforeTheRejectionDoesNotClearTheStrikes() throws Exception {
    ProxyAuthenticator auth = authenticator();
    AuthExchange early = auth.newExchange(CONNECT);
    early.respond(List.of("Fake")); // sent before the password was rotated on the proxy
    rejectOnce(auth);
    early.succeeded(List.of()); // accepted with the old password: proves nothing now
    rejectOnce(auth);
    rejectOnce(auth);

    assertThatThrownBy(() -> auth.newExchange(CONNECT).respond(List.of("Fake")))
        .satisfies(e -> assertThat(ProxyAuthenticatorTest.reason(e)).isEqualTo(Reason.BACKED_OFF));
  }

  @Test
  void newCredentialsEndThePauseAtOnce() throws Exception {
    ProxyAuthenticator auth = authenticator();
    for (int i = 0; i < 3; i++) {
      rejectOnce(auth);
    }
    AuthExchange paused = auth.newExchange(CONNECT);
    assertThatThrownBy(paused::throwIfPaused)
        .satisfies(e -> assertThat(ProxyAuthenticatorTest.reason(e)).isEqualTo(Reason.BACKED_OFF));
    int sent = scheme.answers.size();

    provider.rotate(Credentials.of("alice", "right".toCharArray()));
    AuthExchange fresh = auth.newExchange(CONNECT);
    fresh.throwIfPaused();

    assertThat(fresh.respond(List.of("Fake"))).isEqualTo("fake leg-1:alice");
    assertThat(scheme.answers).hasSize(sent + 1);
  }

  @Test
  void whilePausedNothingIsSent() throws Exception {
    ProxyAuthenticator auth = authenticator();
    for (int i = 0; i < 3; i++) {
      rejectOnce(auth);
    }
    for (int i = 0; i < 100; i++) {
      AuthExchange exchange = auth.newExchange(CONNECT);
      assertThatThrownBy(exchange::throwIfPaused).hasMessageContaining("nothing was sent");
    }

    assertThat(scheme.answers).hasSize(3);
  }

  /** Returns true when {@code task} finished within a short grace period. */
  private static boolean waitForState(ExecutorService pool, Future<String> task) {
    try {
      task.get(300, TimeUnit.MILLISECONDS);
      return true;
    } catch (java.util.concurrent.TimeoutException e) {
      return false;
    } catch (Exception e) {
      return true;
    }
  }

  private void rejectOnce(ProxyAuthenticator auth) throws Exception {
    AuthExchange exchange = auth.newExchange(CONNECT);
    exchange.respond(List.of("Fake"));
    try {
      exchange.respond(List.of("Fake"));
    } catch (ProxyAuthException expected) {
      return;
    }
    throw new AssertionError("expected a rejection");
  }

  static final class MutableClock extends Clock {
    private Instant now = Instant.parse("2026-11-28T10:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
