package io.github.proxyauth.jdkhttp;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.UnixOperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Counts what a scenario could leak: live threads by name prefix and open file descriptors
 * (sockets included). {@link #assertNoneLeakedSince} waits, with a bound, for threads to end and
 * descriptors to close, then compares.
 */
record Leaks(long relayThreads, long proxyThreads, long httpClientThreads, long fileDescriptors) {
  /** Descriptors that may come and go on their own (JIT, class loading, GC logs). */
  static final long FD_TOLERANCE = 8;

  static Leaks now() {
    return new Leaks(threads("proxyauth-relay-"), threads("testproxy-"),
        threads("HttpClient-"), openDescriptors());
  }

  static long threads(String prefix) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith(prefix)).count();
  }

  static long openDescriptors() {
    return ((UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getOpenFileDescriptorCount();
  }

  /** Waits up to 15 s for the counts to fall back to {@code before}, then asserts they did. */
  static void assertNoneLeakedSince(Leaks before) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    Leaks now = now();
    while (!now.within(before) && System.nanoTime() < deadline) {
      System.gc(); // lets the JDK client's selector threads of dropped clients end
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
      now = now();
    }
    assertThat(now.within(before))
        .as("relay threads, proxy threads, open descriptors: before %s, after %s", before, now)
        .isTrue();
  }

  boolean within(Leaks before) {
    return relayThreads <= before.relayThreads && proxyThreads <= before.proxyThreads
        && fileDescriptors <= before.fileDescriptors + FD_TOLERANCE;
  }
}
