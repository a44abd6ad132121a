package io.github.proxyauth.internal.engine;

import io.github.proxyauth.AuthScope;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Per-scope back-off after repeated rejections, so that a wrong password cannot lock the user's
 * domain account: after {@code maxRejections} consecutive rejections the scope pauses for
 * {@code backoff}, doubling on each further rejection up to one hour. A success clears it.
 */
final class Lockout {
  private static final Duration MAX_BACKOFF = Duration.ofHours(1);

  private final int maxRejections;
  private final Duration backoff;
  private final Clock clock;
  private final ConcurrentMap<AuthScope, Strikes> strikes = new ConcurrentHashMap<>();

  Lockout(int maxRejections, Duration backoff, Clock clock) {
    this.maxRejections = maxRejections;
    this.backoff = backoff;
    this.clock = clock;
  }

  /** Returns the end of the pause for {@code scope}, or empty when attempts may go on. */
  Optional<Instant> pausedUntil(AuthScope scope) {
    Strikes s = strikes.get(scope);
    if (s == null) {
      return Optional.empty();
    }
    synchronized (s) {
      return s.until != null && clock.instant().isBefore(s.until)
          ? Optional.of(s.until) : Optional.empty();
    }
  }

  /** Records one rejection; returns the consecutive count. */
  int rejected(AuthScope scope) {
    Strikes s = strikes.computeIfAbsent(scope, k -> new Strikes());
    synchronized (s) {
      s.count++;
      if (s.count >= maxRejections) {
        int doublings = Math.min(s.count - maxRejections, 16);
        Duration pause = backoff.multipliedBy(1L << doublings);
        s.until = clock.instant().plus(pause.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : pause);
      }
      return s.count;
    }
  }

  /** Clears the strikes of {@code scope} after a success. */
  void succeeded(AuthScope scope) {
    strikes.remove(scope);
  }

  private static final class Strikes {
    int count;
    Instant until;
  }
}
