package io.github.proxyauth.fuzz;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The uncaught exceptions of the threads whose names start with a prefix (a server's threads
 * under fuzzing), recorded while this is the JVM's default uncaught-exception handler: from
 * {@link #watch(String)} until {@link #close()}, which puts the previous handler back.
 */
public final class ThreadDeaths implements AutoCloseable {
  private final List<Throwable> deaths = new CopyOnWriteArrayList<>();
  private final Thread.UncaughtExceptionHandler previous;

  private ThreadDeaths(String prefix) {
    previous = Thread.getDefaultUncaughtExceptionHandler();
    Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
      if (thread.getName().startsWith(prefix)) {
        deaths.add(e);
      }
    });
  }

  /** Installs a default handler that records the deaths of threads named {@code prefix...}. */
  public static ThreadDeaths watch(String prefix) {
    return new ThreadDeaths(prefix);
  }

  /** Returns the exceptions recorded so far, oldest first. */
  public List<Throwable> deaths() {
    return List.copyOf(deaths);
  }

  /** Puts back the default handler that was installed before {@link #watch(String)}. */
  @Override
  public void close() {
    Thread.setDefaultUncaughtExceptionHandler(previous);
  }
}
