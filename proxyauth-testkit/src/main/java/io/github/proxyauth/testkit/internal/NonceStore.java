package io.github.proxyauth.testkit.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The Digest nonces this proxy issued, with their age, use count and highest nc. Bounded: the
 * oldest nonces are forgotten first. Thread-safe.
 */
final class NonceStore {
  private static final int MAX_NONCES = 10_000;

  /** {@code LAST}: accepted, and the nonce's last use (Squid then announces a nextnonce). */
  enum Status { OK, LAST, UNKNOWN, STALE, REPLAY }

  private final Map<String, State> nonces = new LinkedHashMap<>();
  private final Clock clock;
  private final Supplier<String> random;
  private final Duration lifetime;
  private final int maxUses;

  NonceStore(Clock clock, Supplier<String> random, Duration lifetime, int maxUses) {
    this.clock = clock;
    this.random = random;
    this.lifetime = lifetime;
    this.maxUses = maxUses;
  }

  /** Returns a fresh nonce. */
  synchronized String issue() {
    String nonce = random.get();
    nonces.put(nonce, new State(clock.instant()));
    if (nonces.size() > MAX_NONCES) {
      Iterator<String> oldest = nonces.keySet().iterator();
      oldest.next();
      oldest.remove();
    }
    return nonce;
  }

  /**
   * Records one correct use of {@code nonce} with nonce count {@code nc} (-1 without qop) and
   * returns whether it was acceptable.
   */
  synchronized Status use(String nonce, long nc) {
    State state = nonces.get(nonce);
    if (state == null) {
      return Status.UNKNOWN;
    }
    if (nc >= 0 && nc <= state.lastNc) {
      return Status.REPLAY;
    }
    boolean expired = clock.instant().isAfter(state.issued.plus(lifetime));
    if (expired || state.uses >= maxUses) {
      return Status.STALE;
    }
    state.uses++;
    state.lastNc = Math.max(state.lastNc, nc);
    return state.uses == maxUses ? Status.LAST : Status.OK;
  }

  private static final class State {
    final Instant issued;
    long lastNc;
    int uses;

    State(Instant issued) {
      this.issued = issued;
    }
  }
}
