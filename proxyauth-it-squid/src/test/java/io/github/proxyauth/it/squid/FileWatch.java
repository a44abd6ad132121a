package io.github.proxyauth.it.squid;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Bounded waits for a file that another process writes (Squid's access log, the output of a
 * {@code proxyauth serve} process): re-reads it on every change in its directory, and at least
 * every 200 ms, so a condition that does not depend on the file (a process that exited) is seen
 * too.
 */
final class FileWatch {
  private static final long RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

  private FileWatch() {}

  /**
   * Returns what {@code read} returns as soon as it satisfies {@code done}.
   *
   * @throws AssertionError when it does not within {@code timeout}; the message is
   *     {@code failure} applied to the last value read
   */
  static <T> T await(Path file, Supplier<T> read, Predicate<T> done, Duration timeout,
      Function<T, String> failure) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (WatchService watch = FileSystems.getDefault().newWatchService()) {
      file.getParent().register(watch, StandardWatchEventKinds.ENTRY_MODIFY,
          StandardWatchEventKinds.ENTRY_CREATE);
      while (true) {
        T value = read.get();
        long left = deadline - System.nanoTime();
        if (done.test(value)) {
          return value;
        }
        if (left <= 0) {
          throw new AssertionError(failure.apply(value));
        }
        var key = watch.poll(Math.min(left, RECHECK_NANOS), TimeUnit.NANOSECONDS);
        if (key != null) {
          key.pollEvents();
          key.reset();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("Interrupted while waiting for " + file, e);
    }
  }
}
