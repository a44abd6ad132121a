package io.github.proxyauth;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters and timings of one {@link ProxyAuthenticator}, per proxy and scheme, without any metrics
 * library: read {@link #snapshot()} and export it to whatever you use. Thread-safe; counting costs
 * a few atomic increments per event.
 */
public final class AuthMetrics {
  private final Map<Key, Counters> counters = new ConcurrentHashMap<>();

  AuthMetrics() {}

  /**
   * The counts for one proxy and scheme.
   *
   * @param proxy the proxy as {@code host:port}
   * @param scheme the scheme, or {@code "none"} for events before a scheme was chosen
   * @param challenges 407 responses received
   * @param successes exchanges that ended in success
   * @param rejections credentials the proxy rejected
   * @param loopsStopped exchanges stopped by the attempt cap, a repeated rejection or the back-off
   * @param refreshes credential reloads after a rejection
   * @param preemptive values sent before any challenge
   * @param totalTimeToSuccess the summed time from exchange start to success
   */
  public record Counts(String proxy, String scheme, long challenges, long successes,
      long rejections, long loopsStopped, long refreshes, long preemptive,
      Duration totalTimeToSuccess) {}

  /** Returns the current counts, sorted by proxy and scheme. */
  public List<Counts> snapshot() {
    return counters.entrySet().stream()
        .map(e -> e.getValue().counts(e.getKey()))
        .sorted(Comparator.comparing(Counts::proxy).thenComparing(Counts::scheme))
        .toList();
  }

  void record(AuthEvent event) {
    Counters c = counters.computeIfAbsent(
        new Key(event.proxy(), event.scheme().orElse("none")), k -> new Counters());
    switch (event.type()) {
      case CHALLENGED -> c.challenges.increment();
      case SUCCEEDED -> {
        c.successes.increment();
        c.nanosToSuccess.add(event.elapsed().toNanos());
      }
      case REJECTED -> c.rejections.increment();
      case GAVE_UP -> c.loopsStopped.increment();
      case CREDENTIALS_REFRESHED -> c.refreshes.increment();
      case PREEMPTIVE -> c.preemptive.increment();
      default -> { }
    }
  }

  private record Key(String proxy, String scheme) {}

  private static final class Counters {
    final LongAdder challenges = new LongAdder();
    final LongAdder successes = new LongAdder();
    final LongAdder rejections = new LongAdder();
    final LongAdder loopsStopped = new LongAdder();
    final LongAdder refreshes = new LongAdder();
    final LongAdder preemptive = new LongAdder();
    final LongAdder nanosToSuccess = new LongAdder();

    Counts counts(Key key) {
      return new Counts(key.proxy(), key.scheme(), challenges.sum(), successes.sum(),
          rejections.sum(), loopsStopped.sum(), refreshes.sum(), preemptive.sum(),
          Duration.ofNanos(nanosToSuccess.sum()));
    }
  }
}
