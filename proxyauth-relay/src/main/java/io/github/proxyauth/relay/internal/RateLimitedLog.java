package io.github.proxyauth.relay.internal;

import java.lang.System.Logger.Level;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * WARNING lines that a hostile client can provoke at will (refused secrets, evicted connections):
 * at most one per message every {@value #INTERVAL_SECONDS} s, saying how many were suppressed.
 * Messages never carry what the client sent. Thread-safe.
 */
final class RateLimitedLog {
  static final long INTERVAL_SECONDS = 10;

  private final ConcurrentMap<String, Window> windows = new ConcurrentHashMap<>();

  void warn(String message) {
    warn(message, message);
  }

  /**
   * Logs {@code message}, rate-limited under {@code key}: for messages that name what varies
   * (an address), so that the number of windows stays bounded.
   */
  void warn(String message, String key) {
    Window w = windows.computeIfAbsent(key, m -> new Window());
    long now = System.nanoTime();
    long last = w.lastNanos.get();
    if (last != 0 && now - last < TimeUnit.SECONDS.toNanos(INTERVAL_SECONDS)) {
      w.suppressed.incrementAndGet();
      return;
    }
    if (w.lastNanos.compareAndSet(last, now)) {
      long suppressed = w.suppressed.getAndSet(0);
      Relay.LOG.log(Level.WARNING, "proxyauth relay: " + message + (suppressed == 0 ? ""
          : " (and " + suppressed + " more times in the last " + INTERVAL_SECONDS + " s)"));
    }
  }

  private static final class Window {
    final AtomicLong lastNanos = new AtomicLong();
    final AtomicLong suppressed = new AtomicLong();
  }
}
