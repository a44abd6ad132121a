package io.github.proxyauth.benchmarks.harness;

import java.lang.management.ManagementFactory;

/** Returns used heap after full collections; precise with {@code -XX:+UseSerialGC}. */
final class Heap {
  private Heap() {}

  /** Returns the bytes of heap in use after three full collections. */
  static long usedAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
