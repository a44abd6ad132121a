package io.github.proxyauth.relay.internal;

import java.lang.reflect.Method;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The relay's threads. A connection costs one thread, a tunnel one more, so the relay caps its
 * running tasks at {@link #cap(int, int)}. Platform threads come from a pool
 * that keeps idle ones 30 s; on JDK 21+ a relay may run on virtual threads instead (found by
 * reflection: the baseline is 17), which cost a few KiB each instead of a platform thread's stack.
 */
final class RelayThreads {
  static final String PREFIX = "proxyauth-relay-";

  private RelayThreads() {}

  /**
   * Returns the most tasks a relay with {@code maxConnections} and {@code maxPending}
   * connections still sending their first head runs at once: two threads per tunnel, one per
   * pending connection, the accept thread.
   */
  static int cap(int maxConnections, int maxPending) {
    return 2 * maxConnections + maxPending + 1;
  }

  /** Returns a pool of at most {@code maxThreads} daemon threads, {@code proxyauth-relay-<n>}. */
  static ExecutorService platform(int maxThreads) {
    AtomicLong ids = new AtomicLong();
    ThreadFactory factory = task -> {
      Thread t = new Thread(task, PREFIX + ids.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
    return new ThreadPoolExecutor(0, maxThreads, 30, TimeUnit.SECONDS,
        new SynchronousQueue<>(), factory);
  }

  /**
   * Returns an executor that starts one virtual thread per task ({@code Thread.ofVirtual()}), or
   * empty before JDK 21.
   */
  static Optional<ExecutorService> virtual() {
    try {
      Class<?> builder = Class.forName("java.lang.Thread$Builder");
      Class<?> ofVirtual = Class.forName("java.lang.Thread$Builder$OfVirtual");
      Object b = Thread.class.getMethod("ofVirtual").invoke(null);
      b = ofVirtual.getMethod("name", String.class, long.class).invoke(b, PREFIX, 1L);
      ThreadFactory factory = (ThreadFactory) builder.getMethod("factory").invoke(b);
      Method perTask = Executors.class.getMethod("newThreadPerTaskExecutor", ThreadFactory.class);
      return Optional.of((ExecutorService) perTask.invoke(null, factory));
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      return Optional.empty(); // JDK 17-20
    }
  }
}
