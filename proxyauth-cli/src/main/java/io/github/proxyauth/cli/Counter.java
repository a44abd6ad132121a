package io.github.proxyauth.cli;

import io.github.proxyauth.AuthEvent;
import io.github.proxyauth.AuthListener;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Counts what the engine reports: 407s received ({@code CHALLENGED}), {@code Proxy-Authorization}
 * values sent (a scheme selected, a handshake continued, a preemptive value), successes, and the
 * scheme that worked last. Thread-safe.
 */
final class Counter implements AuthListener {
  final AtomicInteger challenges = new AtomicInteger();
  final AtomicInteger attempts = new AtomicInteger();
  final AtomicInteger successes = new AtomicInteger();
  private final AtomicReference<Optional<String>> scheme = new AtomicReference<>(Optional.empty());

  @Override
  public void onEvent(AuthEvent event) {
    switch (event.type()) {
      case CHALLENGED -> challenges.incrementAndGet();
      case SCHEME_SELECTED, CONTINUED, PREEMPTIVE -> {
        attempts.incrementAndGet();
        scheme.set(event.scheme());
      }
      case SUCCEEDED -> {
        successes.incrementAndGet();
        scheme.set(event.scheme());
      }
      default -> { }
    }
  }

  Optional<String> scheme() {
    return scheme.get();
  }
}
