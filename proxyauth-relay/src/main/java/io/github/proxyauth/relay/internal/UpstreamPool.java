package io.github.proxyauth.relay.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * Idle, already authenticated connections to one upstream proxy for forwarded (plain http)
 * requests. The relay has a single identity, so any client connection may use any of them. At
 * most {@link #MAX_IDLE}; each expires after the configured pool idle time. Thread-safe.
 */
final class UpstreamPool {
  static final int MAX_IDLE = 8;

  private final Deque<Upstream> idle = new ArrayDeque<>();
  private final long idleMillis;

  UpstreamPool(long idleMillis) {
    this.idleMillis = idleMillis;
  }

  /** Returns the most recently used live connection, or empty. */
  Optional<Upstream> take() {
    while (true) {
      Upstream next;
      synchronized (this) {
        next = idle.pollFirst();
      }
      if (next == null) {
        return Optional.empty();
      }
      if (!expired(next, System.nanoTime()) && !next.stale()) {
        next.reused = true;
        return Optional.of(next);
      }
      next.close();
    }
  }

  /** Keeps {@code upstream} for later, or closes it when the pool is full. */
  void offer(Upstream upstream) {
    upstream.idleSince = System.nanoTime();
    Upstream evicted = null;
    synchronized (this) {
      idle.addFirst(upstream);
      if (idle.size() > MAX_IDLE) {
        evicted = idle.pollLast();
      }
    }
    if (evicted != null) {
      evicted.close();
    }
    purge();
  }

  /** Closes connections idle for longer than allowed. */
  void purge() {
    long now = System.nanoTime();
    while (true) {
      Upstream oldest;
      synchronized (this) {
        oldest = idle.peekLast();
        if (oldest == null || !expired(oldest, now)) {
          return;
        }
        idle.pollLast();
      }
      oldest.close();
    }
  }

  private boolean expired(Upstream upstream, long now) {
    return (now - upstream.idleSince) / 1_000_000 >= idleMillis;
  }
}
