package io.github.proxyauth.internal.engine;

import io.github.proxyauth.AuthEvent;
import io.github.proxyauth.AuthEvent.Type;
import io.github.proxyauth.Diagnosis;
import io.github.proxyauth.Diagnosis.Reason;
import io.github.proxyauth.ProxyAuthException;
import io.github.proxyauth.spi.AuthRequest;
import io.github.proxyauth.spi.Challenge;
import io.github.proxyauth.spi.MalformedChallengeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What one exchange did, for events and diagnoses: the steps in order, the schemes the proxy
 * offered, and the lenient parsing of its challenges (a malformed value becomes an event, the
 * others are used). Never holds a secret.
 */
final class ExchangeTrace {
  private final Engine engine;
  private final AuthRequest request;
  private final long startNanos = System.nanoTime();
  private final List<String> steps = new ArrayList<>();
  private final List<String> malformed = new ArrayList<>();
  private List<String> offered = List.of();
  private @Nullable String lastScheme;

  ExchangeTrace(Engine engine, AuthRequest request) {
    this.engine = engine;
    this.request = request;
  }

  List<String> steps() {
    return List.copyOf(steps);
  }

  /** Returns why values of the last 407 could not be parsed (empty when all parsed). */
  List<String> malformed() {
    return List.copyOf(malformed);
  }

  List<String> offered() {
    return offered;
  }

  /** Records one step of {@code scheme}, for the history and the diagnosis's chosen scheme. */
  void step(String scheme, String what) {
    lastScheme = scheme;
    steps.add(scheme + ": " + what);
  }

  /** Parses every value leniently, records what was offered and emits CHALLENGED. */
  List<Challenge> challenges(List<String> values) {
    malformed.clear();
    List<Challenge> all = parseQuietly(values);
    offered = all.stream().map(Challenge::scheme).distinct().toList();
    emit(Type.CHALLENGED, null, Optional.empty(), "offered: " + (offered.isEmpty() ? "(none)"
        : String.join(", ", offered)));
    return all;
  }

  /** Parses every value, skipping malformed ones with a MALFORMED_CHALLENGE event. */
  List<Challenge> parseQuietly(List<String> values) {
    List<Challenge> all = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      try {
        all.addAll(Challenge.parse(values.get(i)));
      } catch (MalformedChallengeException e) {
        String where = "Proxy-Authenticate value " + (i + 1) + " of " + values.size() + ": ";
        malformed.add(where + e.getMessage());
        emit(Type.MALFORMED_CHALLENGE, null, Optional.empty(), where + e.getMessage());
      }
    }
    return all;
  }

  /** Returns the exception that ends the exchange, with its diagnosis; emits GAVE_UP. */
  ProxyAuthException fail(Reason reason, String detail, String fix, @Nullable Throwable cause) {
    Diagnosis diagnosis = new Diagnosis(request.proxy(), reason, offered,
        Optional.ofNullable(lastScheme), steps, detail, fix);
    emit(Type.GAVE_UP, lastScheme, Optional.empty(), reason + ": " + detail, Optional.of(reason));
    return new ProxyAuthException(diagnosis, cause);
  }

  void emit(Type type, ActiveScheme active, String detail) {
    emit(type, active.name(), active.scope.realm(), detail, reasonOf(type));
  }

  void emit(Type type, @Nullable String scheme, Optional<String> realm, String detail) {
    emit(type, scheme, realm, detail, reasonOf(type));
  }

  private void emit(Type type, @Nullable String scheme, Optional<String> realm, String detail,
      Optional<Reason> reason) {
    engine.emit(new AuthEvent(type, request.proxy(), Optional.ofNullable(scheme), realm, detail,
        Duration.ofNanos(System.nanoTime() - startNanos), reason));
  }

  private static Optional<Reason> reasonOf(Type type) {
    return switch (type) {
      case REJECTED -> Optional.of(Reason.CREDENTIALS_REJECTED);
      case BACKED_OFF -> Optional.of(Reason.BACKED_OFF);
      default -> Optional.empty();
    };
  }
}
