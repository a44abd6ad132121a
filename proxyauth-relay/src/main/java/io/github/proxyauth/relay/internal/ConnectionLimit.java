package io.github.proxyauth.relay.internal;

import java.util.concurrent.Semaphore;

/** Bounds the client connections one relay serves at once. Thread-safe. */
final class ConnectionLimit {
  private final int max;
  private final Semaphore permits;

  ConnectionLimit(int max) {
    this.max = max;
    this.permits = new Semaphore(max);
  }

  boolean tryAcquire() {
    return permits.tryAcquire();
  }

  void release() {
    permits.release();
  }

  int inUse() {
    return max - permits.availablePermits();
  }
}
