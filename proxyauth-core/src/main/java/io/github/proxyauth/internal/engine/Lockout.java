package io.github.proxyauth.internal.engine;

import io.github.proxyauth.AuthScope;
import io.github.proxyauth.Credentials;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Protects the user's account from lockout: counts rejections per scope and credential version,
 * and admits attempts so that a wrong password cannot be sent many times, however many threads
 * use the engine.
 *
 * <ul>
 *   <li><b>Strikes.</b> A rejection of the credentials the scope uses now is a strike. Rejections
 *       of attempts that were already on their way when an earlier rejection arrived (one wave of
 *       concurrent requests) count as one strike; a rejection of credentials that were replaced
 *       meanwhile counts as none.
 *   <li><b>Single flight.</b> Once a credential version has a strike, it is tried by one attempt
 *       at a time (the probe); other attempts with it wait for the probe's verdict, at most the
 *       probe lease ({@value #PROBE_LEASE_SECONDS} s). So after its first rejection a wrong
 *       version reaches the proxy at most
 *       {@code maxRejections - 1} more times.
 *   <li><b>Pause.</b> After {@code maxRejections} strikes the scope pauses for {@code backoff},
 *       doubling with each further strike up to one hour; attempts with that version fail without
 *       touching the network. Different credentials end the pause at once: one probe with them
 *       is admitted, the others wait for it.
 *   <li><b>Clearing.</b> A success clears the scope only when its attempt was sent after the last
 *       rejection: a request that was accepted before a password rotation proves nothing about
 *       the password now.
 * </ul>
 */
final class Lockout {
  private static final Duration MAX_BACKOFF = Duration.ofHours(1);
  static final int PROBE_LEASE_SECONDS = 10;
  static final Duration PROBE_LEASE = Duration.ofSeconds(PROBE_LEASE_SECONDS);

  private final int maxRejections;
  private final Duration backoff;
  private final Clock clock;
  private final Duration lease;
  private final AtomicLong sequence = new AtomicLong();
  private final ConcurrentMap<AuthScope, Strikes> strikes = new ConcurrentHashMap<>();

  Lockout(int maxRejections, Duration backoff, Clock clock) {
    this(maxRejections, backoff, clock, PROBE_LEASE);
  }

  Lockout(int maxRejections, Duration backoff, Clock clock, Duration lease) {
    this.maxRejections = maxRejections;
    this.backoff = backoff;
    this.clock = clock;
    this.lease = lease;
  }

  /** The permission to send one attempt with {@code credentials} in {@code scope}. */
  record Ticket(AuthScope scope, Optional<Credentials> credentials, long number) {}

  /**
   * Admits a preemptive attempt: only while the scope has no strike at all. A struck or paused
   * scope waits for the proxy's challenge instead, so that the probe is always an answer to a
   * challenge, whose verdict the adapter reports (an adapter may never learn how a preemptive
   * answer fared, and a probe nobody reports would hold the others for its whole lease).
   */
  Optional<Ticket> tryAdmit(AuthScope scope, Optional<Credentials> credentials) {
    return strikes.containsKey(scope) ? Optional.empty()
        : Optional.of(ticket(scope, credentials));
  }

  /**
   * Admits one attempt, waiting (at most the probe lease, and only if {@code mayWait}) while
   * another attempt probes the same credentials; empty when the scope is paused for these
   * credentials, or when the probe's verdict did not come (within the lease).
   */
  Optional<Ticket> admit(AuthScope scope, Optional<Credentials> credentials, boolean mayWait)
      throws InterruptedException {    Strikes s = strikes.get(scope);
    if (s == null) {
      return Optional.of(ticket(scope, credentials));
    }
    long deadline = System.nanoTime() + lease.toNanos();
    synchronized (s) {
      while (true) {
        if (strikes.get(scope) != s) {
          return Optional.of(ticket(scope, credentials)); // cleared while waiting
        }
        boolean struck = same(s.credentials, credentials);
        if (struck && paused(s)) {
          return Optional.empty();
        }
        if (!struck && !paused(s)) {
          return Optional.of(ticket(scope, credentials)); // new credentials, not paused
        }
        if (s.probe == 0 || System.nanoTime() - s.probeSince > lease.toNanos()) {
          Ticket probe = ticket(scope, credentials);
          s.probe = probe.number();
          s.probeSince = System.nanoTime();
          return Optional.of(probe);
        }
        long left = deadline - System.nanoTime();
        if (!mayWait || left <= 0) {
          return Optional.empty(); // the probe's verdict did not come (in time)
        }
        TimeUnit.NANOSECONDS.timedWait(s, left);
      }
    }
  }

  /** Returns a number later than every ticket issued so far. */
  long mark() {
    return sequence.incrementAndGet();
  }

  /** Returns the end of the pause for {@code credentials} in {@code scope}, if paused. */
  Optional<Instant> pausedUntil(AuthScope scope, Optional<Credentials> credentials) {
    Strikes s = strikes.get(scope);
    if (s == null) {
      return Optional.empty();
    }
    synchronized (s) {
      return same(s.credentials, credentials) && paused(s) ? Optional.of(s.until)
          : Optional.empty();
    }
  }

  /** Returns a scope of the proxy at {@code host:port} that is paused, if any. */
  Optional<AuthScope> pausedScope(String host, int port) {
    for (var entry : strikes.entrySet()) {
      AuthScope scope = entry.getKey();
      if (scope.port() == port && scope.host().equalsIgnoreCase(host)) {
        synchronized (entry.getValue()) {
          if (paused(entry.getValue())) {
            return Optional.of(scope);
          }
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Records the rejection of {@code ticket}'s attempt. {@code current} says whether its
   * credentials were still the scope's current ones; replaced credentials are no strike.
   * Returns the end of the pause when this rejection started one.
   */
  Optional<Instant> rejected(Ticket ticket, boolean current) {
    Strikes s = current ? strikes.computeIfAbsent(ticket.scope(), k -> new Strikes())
        : strikes.get(ticket.scope());
    if (s == null) {
      return Optional.empty();
    }
    synchronized (s) {
      boolean wasPaused = paused(s);
      if (current) {
        strike(s, ticket);
      }
      release(s, ticket);
      return !wasPaused && paused(s) ? Optional.of(s.until) : Optional.empty();
    }
  }

  /** Records that {@code ticket}'s attempt was accepted. */
  void succeeded(Ticket ticket) {
    Strikes s = strikes.get(ticket.scope());
    if (s == null) {
      return;
    }
    synchronized (s) {
      if (ticket.number() > s.lastRejection) {
        strikes.remove(ticket.scope(), s);
      }
      release(s, ticket);
    }
  }

  /** Records that {@code ticket}'s attempt ended without a verdict (failure, closed, gone). */
  void released(Ticket ticket) {
    Strikes s = strikes.get(ticket.scope());
    if (s != null) {
      synchronized (s) {
        release(s, ticket);
      }
    }
  }

  private void strike(Strikes s, Ticket ticket) {
    if (!same(s.credentials, ticket.credentials())) {
      s.credentials = ticket.credentials();
      s.count = 0;
      s.until = null;
    }
    if (ticket.number() > s.lastRejection) {
      s.count++; // the attempts of one concurrent wave share a strike
    }
    s.lastRejection = sequence.incrementAndGet();
    if (s.count >= maxRejections) {
      int doublings = Math.min(s.count - maxRejections, 16);
      Duration pause = backoff.multipliedBy(1L << doublings);
      s.until = clock.instant().plus(pause.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : pause);
    }
  }

  private static void release(Strikes s, Ticket ticket) {
    if (s.probe == ticket.number()) {
      s.probe = 0;
    }
    s.notifyAll();
  }

  private boolean paused(Strikes s) {
    return s.until != null && clock.instant().isBefore(s.until);
  }

  private Ticket ticket(AuthScope scope, Optional<Credentials> credentials) {
    return new Ticket(scope, credentials, sequence.incrementAndGet());
  }

  private static boolean same(Optional<Credentials> a, Optional<Credentials> b) {
    return a.isPresent() ? b.isPresent() && a.get().sameAs(b.get()) : b.isEmpty();
  }

  /** The strikes of one scope; guarded by its own monitor. */
  private static final class Strikes {
    Optional<Credentials> credentials = Optional.empty();
    int count;
    long lastRejection;
    @Nullable Instant until;
    long probe;
    long probeSince;
  }
}
