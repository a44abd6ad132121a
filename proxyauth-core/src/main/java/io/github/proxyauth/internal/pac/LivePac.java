package io.github.proxyauth.internal.pac;

import io.github.proxyauth.ProxyAuthException;
import io.github.proxyauth.internal.pac.PacSource.Snapshot;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * A PAC script that follows its source: checked at most once per interval (on the evaluating
 * thread, one thread at a time, the others keep the current script), recompiled when it
 * changed, with a fresh result cache. A changed script that no longer compiles fails every
 * evaluation until it is fixed; a source that cannot be read keeps the last script and is
 * logged once per distinct failure. Thread-safe.
 */
public final class LivePac {
  private static final System.Logger LOG = System.getLogger("io.github.proxyauth");

  /** Compiles one version of the script. */
  public interface Compiler {
    PacEngine compile(String text) throws ProxyAuthException;
  }

  /** The current version: its engine, or why it does not compile. */
  private record State(Snapshot snapshot, Optional<PacEngine> engine, String broken,
      PacCache cache, Instant nextCheck) {}

  private final String name;
  private final PacSource source;
  private final Compiler compiler;
  private final Supplier<PacCache> caches;
  private final Clock clock;
  private final Duration interval;
  private final ReentrantLock checking = new ReentrantLock();
  private volatile State state;
  private volatile String lastProblem = "";

  /** Returns the script loaded and compiled now. */
  public LivePac(String name, PacSource source, Compiler compiler, Supplier<PacCache> caches,
      Clock clock, Duration interval) throws ProxyAuthException {
    this.name = name;
    this.source = source;
    this.compiler = compiler;
    this.caches = caches;
    this.clock = clock;
    this.interval = interval;
    Snapshot first = source.load();
    this.state = new State(first, Optional.of(compiler.compile(first.text())), "",
        caches.get(), next());
  }

  /** Returns the result for {@code key}, checking the source first when the interval passed. */
  public String find(String key, String url, String host) throws ProxyAuthException {
    if (source.live() && !clock.instant().isBefore(state.nextCheck()) && checking.tryLock()) {
      try {
        checkQuietly();
      } finally {
        checking.unlock();
      }
    }
    State s = state;
    if (s.engine().isEmpty()) {
      throw new ProxyAuthException(s.broken());
    }
    PacEngine engine = s.engine().get();
    return s.cache().get(key, () -> engine.findProxyForUrl(url, host));
  }

  /**
   * Checks the source now; returns true when the script changed (compiled or not).
   *
   * @throws ProxyAuthException when the source cannot be read; the last script stays in use
   */
  public boolean refresh() throws ProxyAuthException {
    checking.lock();
    try {
      return check();
    } finally {
      checking.unlock();
    }
  }

  private void checkQuietly() {
    try {
      check();
    } catch (ProxyAuthException e) {
      state = withNextCheck(state);
      if (!e.getMessage().equals(lastProblem)) {
        lastProblem = e.getMessage();
        LOG.log(Level.WARNING, "PAC script " + name + " could not be re-read; still using the"
            + " version loaded before: " + e.getMessage());
      }
    }
  }

  private boolean check() throws ProxyAuthException {
    Optional<Snapshot> changed = source.changed(state.snapshot());
    if (changed.isEmpty()) {
      state = withNextCheck(state);
      return false;
    }
    Snapshot snapshot = changed.get();
    lastProblem = "";
    try {
      state = new State(snapshot, Optional.of(compiler.compile(snapshot.text())), "",
          caches.get(), next());
      LOG.log(Level.INFO, "PAC script " + name + " changed; using the new version");
    } catch (ProxyAuthException e) {
      state = new State(snapshot, Optional.empty(), "PAC script " + name + " changed and the new"
          + " version fails: " + e.getMessage(), caches.get(), next());
      LOG.log(Level.WARNING, state.broken());
    }
    return true;
  }

  private State withNextCheck(State s) {
    return new State(s.snapshot(), s.engine(), s.broken(), s.cache(), next());
  }

  private Instant next() {
    Instant now = clock.instant();
    return interval.compareTo(Duration.ofDays(365)) > 0 ? Instant.MAX : now.plus(interval);
  }
}
