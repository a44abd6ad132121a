package io.github.proxyauth.benchmarks.harness;

import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;

/**
 * Returns used heap after full collections; precise with {@code -XX:+UseSerialGC}. Takes the
 * least of several collections, each waited for until the JDK has processed its references:
 * garbage can survive a few back-to-back collections (seen here: a dropped array still counted
 * after three, gone after the fourth; a {@code Cleaner}'s phantom-reachable objects need their
 * cleaning action first), and one reading then counts it and frees it inside the next
 * measurement (the negative sizes of earlier reports).
 */
final class Heap {
  private static final int COLLECTIONS = 8;

  private Heap() {}

  /** Returns the least used heap seen over {@value #COLLECTIONS} full collections. */
  static long usedAfterGc() {
    long least = Long.MAX_VALUE;
    for (int i = 0; i < COLLECTIONS; i++) {
      collect();
      least = Math.min(least, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return least;
  }

  /** Runs one full collection and waits (bounded) until the JDK has processed its references. */
  private static void collect() {
    ReferenceQueue<Object> queue = new ReferenceQueue<>();
    WeakReference<Object> sentinel = new WeakReference<>(new Object(), queue);
    System.gc();
    try {
      queue.remove(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Reference.reachabilityFence(sentinel);
  }
}
