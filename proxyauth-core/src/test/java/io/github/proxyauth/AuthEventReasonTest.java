package io.github.proxyauth;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyauth.AuthEvent.Type;
import io.github.proxyauth.Diagnosis.Reason;
import io.github.proxyauth.spi.AuthExchange;
import io.github.proxyauth.spi.AuthRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Typed reasons on events, and one WARNING line per lockout and per give-up. */
class AuthEventReasonTest {
  static final AuthRequest CONNECT = AuthRequest.connect("proxy.test", 3128, "origin.test", 443);
  static final String CANARY = "canary-Reason-Secret-4417";

  final Logger jul = Logger.getLogger("io.github.proxyauth");
  final RecordingHandler log = new RecordingHandler();
  final RecordingListener listener = new RecordingListener();
  Level before;

  @BeforeEach
  void captureLog() {
    before = jul.getLevel();
    jul.setLevel(Level.ALL);
    jul.addHandler(log);
  }

  @AfterEach
  void releaseLog() {
    jul.removeHandler(log);
    jul.setLevel(before);
  }

  ProxyAuthenticator authenticator() {
    return ProxyAuthenticator.builder().schemes(FakeScheme.of("fake", 20))
        .credentials(Credentials.of("alice", CANARY.toCharArray()))
        .clock(Clock.fixed(Instant.parse("2026-12-03T06:00:00Z"), ZoneOffset.UTC))
        .lockoutProtection(3, Duration.ofMinutes(5)).addListener(listener).build();
  }

  @Test
  void rejectionsGiveUpsAndTheLockoutCarryTheirReason() {
    ProxyAuthenticator auth = authenticator();
    for (int i = 0; i < 4; i++) {
      rejectOnce(auth);
    }

    assertThat(reasons(Type.REJECTED)).containsOnly(Optional.of(Reason.CREDENTIALS_REJECTED));
    assertThat(reasons(Type.BACKED_OFF)).containsExactly(Optional.of(Reason.BACKED_OFF));
    assertThat(reasons(Type.GAVE_UP)).containsExactly(Optional.of(Reason.CREDENTIALS_REJECTED),
        Optional.of(Reason.CREDENTIALS_REJECTED), Optional.of(Reason.CREDENTIALS_REJECTED),
        Optional.of(Reason.BACKED_OFF));
    assertThat(listener.events).filteredOn(e -> e.type() != Type.REJECTED
        && e.type() != Type.BACKED_OFF && e.type() != Type.GAVE_UP)
        .allSatisfy(e -> assertThat(e.reason()).isEmpty());
  }

  @Test
  void lockoutAndGiveUpsAreLoggedOnceAtWarningWithoutSecrets() {
    ProxyAuthenticator auth = authenticator();
    for (int i = 0; i < 3; i++) {
      rejectOnce(auth);
    }
    int warningsAtLockout = log.at(Level.WARNING).size();
    for (int i = 0; i < 5; i++) {
      rejectOnce(auth); // paused: each gives up with BACKED_OFF
    }

    assertThat(log.at(Level.WARNING)).hasSize(warningsAtLockout).hasSize(4);
    assertThat(log.at(Level.WARNING)).filteredOn(m -> m.startsWith("BACKED_OFF")).hasSize(1)
        .first().asString().contains("paused until 2026-12-03T06:05:00Z");
    assertThat(log.at(Level.WARNING)).filteredOn(m -> m.startsWith("GAVE_UP")).hasSize(3);
    assertThat(log.messages()).noneMatch(m -> m.contains(CANARY));
  }

  @Test
  void eventsMadeTheOldWayHaveNoReason() {
    AuthEvent event = new AuthEvent(Type.CHALLENGED, "p:1", Optional.empty(), Optional.empty(),
        "offered: basic", Duration.ZERO);
    assertThat(event.reason()).isEmpty();
  }

  private List<Optional<Reason>> reasons(Type type) {
    return listener.events.stream().filter(e -> e.type() == type).map(AuthEvent::reason).toList();
  }

  private static void rejectOnce(ProxyAuthenticator auth) {
    AuthExchange exchange = auth.newExchange(CONNECT);
    try {
      exchange.respond(List.of("Fake"));
      exchange.respond(List.of("Fake"));
    } catch (ProxyAuthException expected) {
      return;
    }
    throw new AssertionError("expected a rejection");
  }

  /** Records what the engine's System.Logger wrote through java.util.logging. */
  static final class RecordingHandler extends Handler {
    final List<LogRecord> records = new CopyOnWriteArrayList<>();

    @Override
    public void publish(LogRecord record) {
      records.add(record);
    }

    List<String> at(Level level) {
      return records.stream().filter(r -> r.getLevel() == level).map(LogRecord::getMessage)
          .toList();
    }

    List<String> messages() {
      return records.stream().map(LogRecord::getMessage).toList();
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }
}
