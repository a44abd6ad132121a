package io.github.proxyauth.relay.internal;

import java.io.IOException;
import java.net.Socket;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Client connections that have not yet presented the relay's secret. They get no slot of the
 * relay's connection limit and at most {@link #FIRST_HEAD_MILLIS} to send their first request
 * head; at most {@value #MAX} wait at once, and when more arrive the one that has waited longest
 * is closed. So connections that drip a head byte by byte (slowloris) cannot hold the slots that
 * the relay's own clients need: those send their head at once and move on. Thread-safe.
 */
final class PendingConnections {
  static final int MAX = 64;
  static final int FIRST_HEAD_MILLIS = 10_000;

  private final Set<Socket> waiting = new LinkedHashSet<>();
  private final RateLimitedLog log;
  private final int max;

  PendingConnections(RateLimitedLog log) {
    this(log, MAX);
  }

  /**
   * Returns pending connections bounded by {@code max}: a relay without a secret (a local proxy
   * that a burst of hundreds of clients reaches at once) waits for as many as it serves.
   */
  PendingConnections(RateLimitedLog log, int max) {
    this.log = log;
    this.max = max;
  }

  int max() {
    return max;
  }

  /** Registers a new connection, closing the longest-waiting one when {@value #MAX} wait. */
  void add(Socket socket) {
    Socket evicted = null;
    synchronized (waiting) {
      if (waiting.size() >= max) {
        evicted = waiting.iterator().next();
        waiting.remove(evicted);
      }
      waiting.add(socket);
    }
    if (evicted != null) {
      log.warn("closed client connections that sent no complete request head while "
          + max + " others waited (a slow or hostile client)");
      try {
        evicted.close();
      } catch (IOException e) {
        // Closing is all we want.
      }
    }
  }

  /** Forgets {@code socket}: it presented the secret, or it ended. */
  void remove(Socket socket) {
    synchronized (waiting) {
      waiting.remove(socket);
    }
  }
}
