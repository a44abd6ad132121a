package io.github.proxyauth.cli;

import io.github.proxyauth.Diagnosis;
import io.github.proxyauth.ProxyAuthException;
import io.github.proxyauth.preflight.PreflightReport.Outcome;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Why a request failed, classed like a preflight outcome so fetch and doctor share exit codes.
 * Messages come from the library's exceptions, which never carry a secret.
 *
 * @param outcome the class; empty for failures that are not the proxy's (exit code 1)
 * @param message what happened and, when known, what to fix
 */
record Failure(Optional<Outcome> outcome, String message) {

  int exitCode() {
    return outcome.map(Outcome::exitCode).orElse(ExitCodes.FAILED);
  }

  String name() {
    return outcome.map(Enum::name).orElse("REQUEST_FAILED");
  }

  /** Returns the class of {@code error}; connection failures count only when a proxy was used. */
  static Failure of(Throwable error, boolean viaProxy) {
    Optional<ProxyAuthException> auth = find(error, ProxyAuthException.class);
    if (auth.isPresent()) {
      Outcome outcome = auth.get().diagnosis().map(Failure::outcome)
          .orElse(Outcome.AUTHENTICATION_FAILED);
      return new Failure(Optional.of(outcome), auth.get().getMessage());
    }
    Optional<Throwable> connect = find(error, ConnectException.class)
        .<Throwable>map(e -> e)
        .or(() -> find(error, NoRouteToHostException.class))
        .or(() -> find(error, UnknownHostException.class));
    if (connect.isPresent() && viaProxy) {
      return new Failure(Optional.of(Outcome.PROXY_UNREACHABLE), "cannot reach the proxy: "
          + connect.get().getMessage());
    }
    if (error instanceof UncheckedIOException e) {
      return new Failure(Optional.of(Outcome.CONFIGURATION_ERROR), e.getCause().getMessage());
    }
    String type = error.getClass().getSimpleName();
    return new Failure(Optional.empty(), error.getMessage() == null ? type
        : type + ": " + error.getMessage());
  }

  static Outcome outcome(Diagnosis diagnosis) {
    return switch (diagnosis.reason()) {
      case NO_USABLE_SCHEME, DOWNGRADE_REFUSED, MALFORMED_CHALLENGE -> Outcome.NO_USABLE_SCHEME;
      case PROXY_TIMEOUT -> Outcome.PROXY_UNREACHABLE;
      default -> Outcome.AUTHENTICATION_FAILED;
    };
  }

  /** Returns the first {@code type} among {@code error}, its causes and suppressed exceptions. */
  private static <T extends Throwable> Optional<T> find(Throwable error, Class<T> type) {
    Deque<Throwable> todo = new ArrayDeque<>();
    Set<Throwable> seen = new HashSet<>();
    todo.add(error);
    while (!todo.isEmpty()) {
      Throwable t = todo.poll();
      if (!seen.add(t)) {
        continue;
      }
      if (type.isInstance(t)) {
        return Optional.of(type.cast(t));
      }
      if (t.getCause() != null) {
        todo.add(t.getCause());
      }
      todo.addAll(java.util.List.of(t.getSuppressed()));
    }
    return Optional.empty();
  }
}
