package io.github.proxyauth.relay.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Idle, already authenticated connections to one upstream proxy for forwarded (plain http)
 * requests. The relay has a single identity, so any client connection may use any of them. At
 * most {@link #MAX_IDLE}; each expires after the configured pool idle time. Closed with its
 * relay's generation (a reconfiguration). Thread-safe.
 */
final class UpstreamPool {
  static final int MAX_IDLE = 8;

  private final Deque<Upstream> idle = new ArrayDeque<>();
  private final long idleMillis;
  private boolean closed;

  UpstreamPool(long idleMillis) {
    this.idleMillis = idleMillis;
  }

  /** Returns the most recently used live connection, or empty. */
  Optional<Upstream> take() {
    while (true) {
      Upstream next;
      synchronized (this) {
        next = closed ? null : idle.pollFirst();
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
      if (closed) {
        evicted = upstream;
      } else {
        idle.addFirst(upstream);
        if (idle.size() > MAX_IDLE) {
          evicted = idle.pollLast();
        }
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

  /** Returns how many idle connections the pool holds. */
  synchronized int size() {
    return idle.size();
  }

  /** Closes the idle connections; connections offered later are closed instead of kept. */
  void close() {
    List<Upstream> left;
    synchronized (this) {
      closed = true;
      left = List.copyOf(idle);
      idle.clear();
    }
    left.forEach(Upstream::close);
  }

  private boolean expired(Upstream upstream, long now) {
    return (now - upstream.idleSince) / 1_000_000 >= idleMillis;
  }
}
